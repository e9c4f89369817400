/// The first two stages of preparing an engine: the schedule and its kernels.
extension Engine {
    /// The nodes as steps, then the load-time passes in order, when `rewrites` is set:
    /// fusion (`makeSteps`), producers writing concatenation inputs in place, split halves
    /// written into the convolution's whole output, slices read in place, and copies into
    /// concatenation slices run as late as they can go. The slices say which tensors live
    /// inside another. (Convolutions writing over their input are planned with the arena.)
    static func schedule(_ graph: Graph, rewrites: Bool) -> (steps: [ExecutionStep], slices: [Int: TensorSlice]) {
        var steps = makeSteps(graph: graph, fuse: rewrites)
        guard rewrites else { return (steps, [:]) }
        var slices = InPlaceConcatenation.apply(to: &steps, graph: graph)
        InPlaceSplit.apply(to: &steps, slices: &slices, graph: graph)
        ContiguousSliceViews.apply(to: &steps, slices: &slices, graph: graph)
        DeferredSliceCopies.apply(to: &steps, slices: slices, graph: graph)
        return (steps, slices)
    }

    /// One kernel per step, each precomputing its constants; the weights a kernel packed are
    /// released from `graph` as it goes.
    static func makeKernels(
        for steps: [ExecutionStep], slices: [Int: TensorSlice], releasingConstantsIn graph: inout Graph
    ) throws(EngineError) -> [any Kernel] {
        var kernels: [any Kernel] = []
        let readers = steps.readersByTensor
        for (index, step) in steps.enumerated() {
            do {
                kernels.append(try KernelFactory.makeKernel(
                    nodeIndex: step.node, graph: graph, epilogue: step.epilogue, inputPadding: step.inputPadding,
                    outputSlice: step.outputSlice,
                    inputSlices: step.inputs.enumerated().reduce(into: [:]) { read, input in
                        guard !step.inPlaceInputs.contains(input.offset), input.element >= 0,
                              let slice = slices[input.element]
                        else { return }
                        read[input.offset] = slice
                    },
                    inPlaceInputs: step.inPlaceInputs))
            } catch {
                throw .kernel(error.description)
            }
            releaseConstants(packedBy: kernels[index], step: step, at: index, readers: readers, in: &graph)
        }
        return kernels
    }

    /// Empties the constants that `kernel` copied or packed at load and no
    /// later step reads: the kernel's copy is the one that runs. Freed one
    /// kernel at a time, a model's weights and their packed copies are never
    /// all resident at once (that was the peak of a load). Emptied, not
    /// removed, so the tensors still count as constants for the arena plan.
    private static func releaseConstants(
        packedBy kernel: any Kernel, step: ExecutionStep, at index: Int, readers: [Int: [Int]], in graph: inout Graph
    ) {
        for tensor in Set(step.inputs) where tensor >= 0 && graph.tensors[tensor].isConstant {
            let readAtRunTime = step.inputs.indices.contains { step.inputs[$0] == tensor && kernel.readsInputAtRunTime($0) }
            guard !readAtRunTime, readers[tensor]?.last == index else { continue }
            graph.tensors[tensor].data = []
        }
    }

    /// The steps before the passes that need the whole schedule: each node one step, with
    /// a PAD folded into the convolution after it and an int8 elementwise chain (SiLU)
    /// folded into the producer's epilogue table.
    private static func makeSteps(graph: Graph, fuse: Bool) -> [ExecutionStep] {
        let planner = FusionPlanner(graph: graph)
        // Folded PADs, by the convolution that applies them.
        let pads = fuse ? Dictionary(uniqueKeysWithValues: graph.nodes.indices.compactMap { conv in
            planner.padFolded(into: conv).map { (conv, $0) }
        }) : [:]
        var fusedAway = Set(pads.values.map(\.pad))
        var steps: [ExecutionStep] = []
        for (index, node) in graph.nodes.enumerated() where !fusedAway.contains(index) {
            var step = ExecutionStep(
                node: index, fusedNodes: [], outputs: node.outputs, inputs: node.inputs, epilogue: nil)
            if let pad = pads[index] {
                step.fusedNodes = [pad.pad]
                step.inputs[0] = pad.input
                step.inputPadding = pad.padding
            }
            if fuse, let chain = planner.chain(after: index),
                let table = try? ElementwiseFusion.lookupTable(
                    chain: chain.nodes, from: node.outputs[0], to: chain.output, in: graph)
            {
                fusedAway.formUnion(chain.nodes)
                step.fusedNodes += chain.nodes
                step.outputs = [chain.output]
                step.epilogue = table
            }
            steps.append(step)
        }
        return steps
    }
}
