/// A graph prepared for execution: kernels bound to fixed addresses in one
/// static arena, so that `run()` makes no heap allocation.
///
/// Preparation (all at `init`): fuse elementwise chains into convolutions,
/// let producers write concatenation inputs in place into the output (and
/// split convolutions their whole output where the split halves went), read
/// slices that are one block of their input in place, run the copies into
/// concatenation slices as late as they can go, let convolutions that
/// run on one thread write over their input, let
/// each kernel precompute its constants, plan every intermediate tensor
/// and kernel scratch buffer into the arena, and bind each kernel's input and
/// output addresses. An engine runs one inference at a time.
public final class Engine: @unchecked Sendable {
    /// The graph's tensors, nodes and metadata; constants carry no data here
    /// (see `Graph.droppingConstantData`).
    public let graph: Graph
    public let memory: MemoryReport
    /// The graph's input and output tensor indices.
    public let inputIndex: Int
    private let inputByteCount: Int
    public let outputIndices: [Int]

    private let steps: [ExecutionStep]
    private let kernels: [any Kernel]
    /// The kernels that split their rows over the pool's threads.
    private let partitioned: [(any RowPartitionedKernel)?]
    private let pool: WorkerPool
    private let rowWork: RowWork
    /// Per step, one binding per thread that works on it (they differ in scratch).
    private let bindings: [[KernelIO]]
    private let arena: AlignedBuffer
    private let constantPool: AlignedBuffer
    private let pointerTable: UnsafeMutableRawBufferPointer
    /// Address of every tensor that has storage (arena or constant pool).
    private let addresses: [UnsafeMutableRawPointer?]
    /// The tensors written in place into a slice of another one.
    let slices: [Int: TensorSlice]

    /// `graph` is consumed: a caller that hands over its only copy (a model
    /// just loaded) lets each weight go as soon as its kernel has packed it.
    public init(graph source: consuming Graph, options: EngineOptions = EngineOptions()) throws(EngineError) {
        var graph = source
        guard graph.inputs.count == 1 else {
            throw .unsupportedGraph("expected one input tensor, the model has \(graph.inputs.count)")
        }
        guard !graph.outputs.isEmpty else { throw .unsupportedGraph("the model has no output tensor") }
        self.graph = graph.droppingConstantData()
        inputIndex = graph.inputs[0]
        inputByteCount = graph.tensors[inputIndex].byteCount
        outputIndices = graph.outputs

        var steps = Self.makeSteps(graph: graph, fuse: options.fuseElementwise)
        var slices = options.fuseElementwise ? InPlaceConcatenation.apply(to: &steps, graph: graph) : [:]
        if options.fuseElementwise {
            InPlaceSplit.apply(to: &steps, slices: &slices, graph: graph)
            ContiguousSliceViews.apply(to: &steps, slices: &slices, graph: graph)
            DeferredSliceCopies.apply(to: &steps, slices: slices, graph: graph)
        }
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
            Self.releaseConstants(packedBy: kernels[index], step: step, at: index, readers: readers, in: &graph)
        }

        // A kernel that splits its rows over threads needs one scratch slice per thread.
        let pool = WorkerPool(threadCount: options.threads)
        let partitioned = kernels.map { kernel -> (any RowPartitionedKernel)? in
            pool.threadCount > 1 ? kernel as? any RowPartitionedKernel : nil
        }
        let threadSlices = partitioned.map { $0 == nil ? 1 : pool.threadCount }
        let sliceBytes = kernels.map { MemoryPlanner.align($0.scratchByteCount, to: AlignedBuffer.alignment) }
        let overlaps = options.fuseElementwise ? InPlaceConvolutions.overlaps(
            steps: steps, kernels: kernels, rowsInOrder: partitioned.map { $0 == nil }, slices: slices, graph: graph
        ) : [:]
        let layout = ArenaLayout(
            graph: graph, steps: steps, slices: slices, overlaps: overlaps,
            scratch: zip(threadSlices, sliceBytes).map { $0 * $1 })
        let arena = AlignedBuffer(byteCount: layout.plan.arenaSize)
        let constantPool = ConstantPool.make(graph: graph, steps: steps, kernels: kernels)
        var addresses = [UnsafeMutableRawPointer?](repeating: nil, count: graph.tensors.count)
        for (tensor, offset) in layout.tensorOffsets { addresses[tensor] = arena.address(at: offset) }
        for (tensor, offset) in constantPool.offsets { addresses[tensor] = constantPool.buffer.address(at: offset) }

        // One table holds every step's input and output pointers, so that
        // binding costs one allocation and `run` none.
        let slots = steps.reduce(0) { $0 + $1.inputs.count + $1.outputs.count }
        let pointerTable = UnsafeMutableRawBufferPointer.allocate(
            byteCount: max(slots, 1) * MemoryLayout<UnsafeRawPointer?>.stride,
            alignment: MemoryLayout<UnsafeRawPointer?>.alignment)
        var bindings: [[KernelIO]] = []
        var slot = 0
        for (index, step) in steps.enumerated() {
            let inputs = pointerTable.baseAddress!.bindMemory(
                to: UnsafeRawPointer?.self, capacity: slots) + slot
            for (n, tensor) in step.inputs.enumerated() {
                inputs[n] = tensor >= 0 ? addresses[tensor].map { UnsafeRawPointer($0) } : nil
            }
            slot += step.inputs.count
            let outputs = (pointerTable.baseAddress! + slot * MemoryLayout<UnsafeRawPointer?>.stride)
                .assumingMemoryBound(to: UnsafeMutableRawPointer.self)
            for (n, tensor) in step.outputs.enumerated() {
                guard let address = addresses[tensor] else {
                    throw .unsupportedGraph("output tensor \(tensor) of node \(step.node) has no storage")
                }
                outputs[n] = address
            }
            slot += step.outputs.count
            bindings.append((0..<threadSlices[index]).map { slice in
                KernelIO(
                    inputs: UnsafeBufferPointer(start: inputs, count: step.inputs.count),
                    outputs: UnsafeBufferPointer(start: outputs, count: step.outputs.count),
                    scratch: layout.scratchOffsets[index].map { arena.address(at: $0 + slice * sliceBytes[index]) })
            })
        }

        self.steps = steps
        self.kernels = kernels
        self.partitioned = partitioned
        self.pool = pool
        rowWork = RowWork(kernels: partitioned, bindings: bindings)
        self.bindings = bindings
        self.arena = arena
        self.constantPool = constantPool.buffer
        self.pointerTable = pointerTable
        self.addresses = addresses
        self.slices = slices
        memory = MemoryReport(
            arenaBytes: layout.plan.arenaSize,
            sumOfBufferBytes: layout.plan.sumOfSizes,
            livenessLowerBound: layout.plan.livenessLowerBound,
            constantBytes: constantPool.buffer.byteCount + kernels.reduce(0) { $0 + $1.constantByteCount },
            constantPoolBytes: constantPool.buffer.byteCount)
    }

    deinit { pointerTable.deallocate() }

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

    /// The number of kernel invocations per run (after fusion).
    public var stepCount: Int { steps.count }

    /// Runs the graph on the bytes currently in the input tensor. The run may
    /// overwrite them (a convolution that one thread runs writes its output
    /// over input rows it has read): fill the input before every run.
    public func run() {
        for index in kernels.indices { runStep(index) }
    }

    private func runStep(_ index: Int) {
        guard let kernel = partitioned[index] else {
            kernels[index].run(bindings[index][0])
            return
        }
        pool.forEachPart(of: kernel.rowCount, task: index, in: rowWork)
    }

    /// Threads that share the work of each large kernel.
    public var threadCount: Int { pool.threadCount }

    /// Runs the graph and hands every tensor it materializes to `observe`, as
    /// soon as it is written (for comparisons with a reference runtime; this
    /// path allocates). A tensor stored requantized into a concatenation's
    /// output is not its own values and is left out.
    public func run(observing observe: (_ tensor: Int, _ bytes: [UInt8]) -> Void) {
        for index in kernels.indices {
            runStep(index)
            for tensor in steps[index].outputs where slices[tensor]?.isRequantized != true {
                observe(tensor, contents(of: tensor))
            }
        }
    }

    /// Runs the graph and adds each step's duration, in nanoseconds, to
    /// `nanoseconds` (one entry per step; see `schedule`).
    public func run(profilingInto nanoseconds: inout [UInt64]) {
        precondition(nanoseconds.count == kernels.count, "one profile entry per step")
        let clock = ContinuousClock()
        for index in kernels.indices {
            let start = clock.now
            runStep(index)
            let elapsed = start.duration(to: clock.now).components
            nanoseconds[index] += UInt64(elapsed.seconds) * 1_000_000_000 + UInt64(elapsed.attoseconds / 1_000_000_000)
        }
    }

    /// Gives `body` the input tensor's bytes to fill (before every run: a run
    /// may overwrite them).
    public func withInput<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeMutableRawBufferPointer(start: addresses[inputIndex], count: inputByteCount))
    }

    /// Gives `body` the bytes of graph output `position` after `run()`.
    public func withOutput<R>(_ position: Int = 0, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let tensor = outputIndices[position]
        return try body(UnsafeRawBufferPointer(start: addresses[tensor], count: graph.tensors[tensor].byteCount))
    }

    /// Gives `body` the int8 input tensor to fill.
    public func withInt8Input<R>(_ body: (UnsafeMutableBufferPointer<Int8>) throws -> R) rethrows -> R {
        precondition(graph.tensors[inputIndex].type == .int8, "the model input is not int8")
        return try withInput { try body($0.bindMemory(to: Int8.self)) }
    }

    /// Copies `values` into the int8 input tensor (they must fill it exactly).
    public func setInput(_ values: [Int8]) {
        withInt8Input { input in
            precondition(values.count == input.count, "input needs \(input.count) values, got \(values.count)")
            _ = input.update(fromContentsOf: values)
        }
    }

    /// Gives `body` the int8 graph output `position` after `run()`.
    public func withInt8Output<R>(_ position: Int = 0, _ body: (UnsafeBufferPointer<Int8>) throws -> R) rethrows -> R {
        precondition(graph.tensors[outputIndices[position]].type == .int8, "the model output is not int8")
        return try withOutput(position) { try body($0.bindMemory(to: Int8.self)) }
    }

    /// A copy of a tensor's current bytes (empty if the tensor has no storage
    /// because it was fused away). A tensor written in place into a slice of
    /// another is gathered from it.
    public func contents(of tensor: Int) -> [UInt8] {
        if let slice = slices[tensor], let base = addresses[slice.base] { return slice.gather(from: base) }
        guard let address = addresses[tensor] else { return [] }
        return Array(UnsafeRawBufferPointer(start: address, count: graph.tensors[tensor].byteCount))
    }

    /// The nodes of each step with what they were fused with, for `inspect`.
    public var schedule: [(node: Int, fused: [Int])] { steps.map { ($0.node, $0.fusedNodes) } }

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

/// The row-partitioned steps, as work the pool's threads can pick up.
private final class RowWork: PartitionedWork, @unchecked Sendable {
    let kernels: [(any RowPartitionedKernel)?]
    let bindings: [[KernelIO]]

    init(kernels: [(any RowPartitionedKernel)?], bindings: [[KernelIO]]) {
        self.kernels = kernels
        self.bindings = bindings
    }

    func run(task: Int, part: Int, rows: Range<Int>) {
        kernels[task]?.run(bindings[task][part], rows: rows)
    }
}
