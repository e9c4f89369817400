/// Lets producers write a concatenation's inputs straight into their slices
/// of its output, so that the concatenation copies less or nothing.
///
/// An input is written in place when
/// - it is int8, neither a graph input, output nor constant, appears once
///   among the concatenation's inputs, and every other step that reads it
///   can read the slice (`KernelFactory.canRead`: a convolution its
///   activations, ADD, SUB and MUL their operands), unless the slice holds
///   it requantized: then nothing else may read it;
/// - one earlier step writes it, and nothing else;
/// - that step can write the slice (`KernelFactory.canWrite`): any kernel
///   when the slices are contiguous (all dimensions before the axis are 1);
///   a convolution or a nearest-neighbour resize when the axis is the
///   innermost one (channels), storing its pixels with the output's channel
///   count as stride; STRIDED_SLICE and
///   TRANSPOSE, which copy along strides anyway, for any slice;
/// - it is quantized like the output, or its producer is a convolution:
///   then the convolution's epilogue table also applies the concatenation's
///   requantization, which is a function of the int8 value alone, computed
///   by the concatenation kernel's own code, so the bytes are the same.
///
/// A RESHAPE between producer and concatenation, the only reader of its
/// input, is looked through: it keeps the bytes in order, so its input
/// takes the same slice and the RESHAPE step goes.
///
/// A concatenation whose inputs are all in place is dropped from the steps;
/// otherwise it copies only the others. A concatenation output that holds
/// slices is not itself put in place in another one (no nested slices).
enum InPlaceConcatenation {
    /// Rewrites `steps` (producers get their stride and table, concatenations
    /// their in-place inputs or removal) and returns the slice of every
    /// tensor written in place.
    static func apply(to steps: inout [ExecutionStep], graph: Graph) -> [Int: TensorSlice] {
        var producer: [Int: Int] = [:]
        for (index, step) in steps.enumerated() {
            for output in step.outputs { producer[output] = index }
        }
        let readers = steps.readersByTensor
        var slices: [Int: TensorSlice] = [:]
        var dropped: Set<Int> = []
        for index in steps.indices {
            guard case .concatenation(let axis, .none) = graph.nodes[steps[index].node].op,
                  let layout = ConcatenationLayout(node: graph.nodes[steps[index].node], axis: axis, graph: graph)
            else { continue }
            let bases = Set(slices.values.map(\.base))
            // Whether `tensor` may live in `slice`: read once by `reader`, by
            // other steps only where they can read the slice, and written by
            // one step that writes nothing else.
            func isMovable(_ tensor: Int, into slice: TensorSlice, readBy reader: Int) -> Bool {
                guard tensor >= 0, !bases.contains(tensor), slices[tensor] == nil, let source = producer[tensor],
                      steps[source].outputs == [tensor], let tensorReaders = readers[tensor],
                      tensorReaders.filter({ $0 == reader }).count == 1,
                      !graph.tensors[tensor].isConstant, !graph.inputs.contains(tensor), !graph.outputs.contains(tensor)
                else { return false }
                let shape = graph.tensors[tensor].shape
                guard !slice.isRequantized || tensorReaders == [reader] else { return false }
                return tensorReaders.allSatisfy { other in
                    other == reader || steps[other].inputs.enumerated().allSatisfy { position, input in
                        input != tensor || KernelFactory.canRead(
                            graph.nodes[steps[other].node].op, position: position, shape: shape, from: slice)
                    }
                }
            }
            for (position, input) in steps[index].inputs.enumerated() {
                guard let slice = layout.slice(position, graph: graph), isMovable(input, into: slice, readBy: index)
                else { continue }
                // The tensor really written, through RESHAPEs, and those RESHAPEs.
                var written = input
                var passedThrough: [(reshape: Int, tensor: Int)] = []
                while let source = producer[written], case .reshape = graph.nodes[steps[source].node].op,
                      let passed = steps[source].inputs.first, isMovable(passed, into: slice, readBy: source),
                      graph.tensors[passed].quantization == graph.tensors[input].quantization
                {
                    passedThrough.append((source, passed))
                    written = passed
                }
                guard let writer = producer[written], prepare(&steps[writer], toWrite: slice, input: written, graph: graph)
                else { continue }
                for tensor in [input] + passedThrough.map(\.tensor) { slices[tensor] = slice }
                dropped.formUnion(passedThrough.map(\.reshape))
                steps[index].inPlaceInputs.insert(position)
            }
            if steps[index].inPlaceInputs.count == steps[index].inputs.count { dropped.insert(index) }
        }
        steps = steps.indices.filter { !dropped.contains($0) }.map { steps[$0] }
        return slices
    }

    /// Gives producer `step` what it needs to write `input` as `slice`;
    /// false if it cannot.
    private static func prepare(
        _ step: inout ExecutionStep, toWrite slice: TensorSlice, input: Int, graph: Graph
    ) -> Bool {
        let op = graph.nodes[step.node].op
        let isConvolution = if case .conv2D = op { true } else { false }
        guard KernelFactory.canWrite(op, shape: graph.tensors[input].shape, into: slice),
              !slice.isRequantized || isConvolution
        else { return false }
        step.outputSlice = slice
        if slice.isRequantized,
           let input = graph.tensors[input].affine, let output = graph.tensors[slice.base].affine,
           let requantization = ConcatenationKernel.requantization(from: input, to: output)
        {
            let values = step.epilogue ?? (-128...127).map { Int8($0) }
            step.epilogue = values.map { requantization[Int($0) + 128] }
        }
        return true
    }
}

/// The geometry of one concatenation: where each input's slice of the
/// output lies. Nil when the shapes do not fit (the kernel reports that).
private struct ConcatenationLayout {
    let node: Node
    let output: Int
    let axis: Int
    /// Output bytes per outer index (the product of the dimensions before
    /// the axis), and per unit along the axis.
    let rowBytes: Int, inner: Int
    let outer: Int
    /// Each input's first element along the axis.
    let starts: [Int]

    init?(node: Node, axis requestedAxis: Int, graph: Graph) {
        guard node.outputs.count == 1, node.outputs[0] >= 0, node.inputs.allSatisfy({ $0 >= 0 }) else { return nil }
        let output = graph.tensors[node.outputs[0]]
        let rank = output.shape.count
        let axis = requestedAxis < 0 ? requestedAxis + rank : requestedAxis
        guard (0..<rank).contains(axis), output.type == .int8 else { return nil }
        var starts: [Int] = []
        var total = 0
        for input in node.inputs.map({ graph.tensors[$0] }) {
            guard input.type == .int8, input.shape.count == rank,
                  input.shape.indices.allSatisfy({ $0 == axis || input.shape[$0] == output.shape[$0] })
            else { return nil }
            starts.append(total)
            total += input.shape[axis]
        }
        guard total == output.shape[axis] else { return nil }
        self.node = node
        self.output = node.outputs[0]
        self.axis = axis
        inner = output.shape[(axis + 1)...].reduce(1, *)
        rowBytes = output.shape[axis] * inner
        outer = output.shape[..<axis].reduce(1, *)
        self.starts = starts
    }

    /// The slice of input `position`, if it may be written in place at all.
    func slice(_ position: Int, graph: Graph) -> TensorSlice? {
        let tensor = node.inputs[position]
        let input = graph.tensors[tensor]
        guard !input.isConstant, !graph.inputs.contains(tensor), !graph.outputs.contains(tensor),
              let inputParameters = input.affine, let outputParameters = graph.tensors[output].affine
        else { return nil }
        return TensorSlice(
            base: output, offset: starts[position] * inner, rowBytes: input.shape[axis] * inner, rowStride: rowBytes,
            rows: outer, isRequantized: inputParameters != outputParameters)
    }
}

extension Tensor {
    /// Per-tensor scale and zero point, if it has them.
    fileprivate var affine: (scale: Float, zeroPoint: Int32)? {
        guard let quantization, !quantization.isPerChannel, let scale = quantization.scales.first,
              let zeroPoint = quantization.zeroPoints.first
        else { return nil }
        return (scale, zeroPoint)
    }
}
