/// After `InPlaceConcatenation`: a convolution whose output is only split
/// into channel ranges by STRIDED_SLICEs, each range already written in place
/// side by side in one tensor (YOLOv8's C2f block: the split halves are both
/// inputs of the block's concatenation), writes its whole output there, and
/// the STRIDED_SLICE steps go. The slices cover the output's channels
/// exactly, so the convolution overwrites nothing else of that tensor, and
/// its own output needs no buffer.
enum InPlaceSplit {
    /// Rewrites `steps` and adds the convolutions' outputs to `slices`.
    static func apply(to steps: inout [ExecutionStep], slices: inout [Int: TensorSlice], graph: Graph) {
        let readers = steps.readersByTensor
        var dropped: Set<Int> = []
        for index in steps.indices {
            let step = steps[index]
            guard case .conv2D = graph.nodes[step.node].op, step.outputSlice == nil, step.outputs.count == 1,
                  let output = step.outputs.first, !graph.outputs.contains(output),
                  let splits = readers[output], !splits.isEmpty,
                  let slice = wholeSlice(of: output, splitBy: splits.map { steps[$0] }, slices: slices, graph: graph),
                  KernelFactory.canWrite(graph.nodes[step.node].op, shape: graph.tensors[output].shape, into: slice)
            else { continue }
            steps[index].outputSlice = slice
            slices[output] = slice
            dropped.formUnion(splits)
        }
        steps = steps.indices.filter { !dropped.contains($0) }.map { steps[$0] }
    }

    /// The slice `tensor` takes when every reader is a STRIDED_SLICE of a
    /// channel range whose output already lies in a slice, all in one tensor
    /// at the same offset from their range, together covering every channel once.
    private static func wholeSlice(
        of tensor: Int, splitBy readers: [ExecutionStep], slices: [Int: TensorSlice], graph: Graph
    ) -> TensorSlice? {
        let shape = graph.tensors[tensor].shape
        guard let channels = shape.last, shape.count >= 2 else { return nil }
        var covered = [Bool](repeating: false, count: channels)
        var placement: TensorSlice?
        for reader in readers {
            guard reader.inputs.first == tensor, reader.outputs.count == 1, let part = slices[reader.outputs[0]],
                  !part.isRequantized, let range = channelRange(reader, shape: shape, graph: graph),
                  part.rowBytes == range.count, part.offset >= range.lowerBound
            else { return nil }
            let whole = TensorSlice(
                base: part.base, offset: part.offset - range.lowerBound, rowBytes: channels, rowStride: part.rowStride,
                rows: part.rows, isRequantized: false)
            guard placement == nil || placement == whole, range.allSatisfy({ !covered[$0] }) else { return nil }
            placement = whole
            for channel in range { covered[channel] = true }
        }
        guard covered.allSatisfy({ $0 }), let placement, placement.offset + channels <= placement.rowStride
        else { return nil }
        return placement
    }

    /// The channels a STRIDED_SLICE step takes, if it takes every other
    /// dimension whole and the channels one after another.
    private static func channelRange(_ step: ExecutionStep, shape: [Int], graph: Graph) -> Range<Int>? {
        guard case .stridedSlice(let options) = graph.nodes[step.node].op, step.inputs.count == 4,
              let context = try? NodeContext(nodeIndex: step.node, graph: graph),
              let begin = try? context.constantIntegers(1), let end = try? context.constantIntegers(2),
              let strides = try? context.constantIntegers(3),
              let geometry = try? StridedSliceGeometry(
                  inputShape: shape, begin: begin, end: end, strides: strides, options: options, context),
              geometry.effectiveShape == shape, geometry.step.allSatisfy({ $0 == 1 }),
              geometry.counts.dropLast() == shape.dropLast(), geometry.start.dropLast().allSatisfy({ $0 == 0 }),
              let first = geometry.start.last, let count = geometry.counts.last
        else { return nil }
        return first..<(first + count)
    }
}
