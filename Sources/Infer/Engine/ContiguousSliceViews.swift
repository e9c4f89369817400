/// A STRIDED_SLICE that takes one contiguous block of its input copies
/// nothing: its output becomes a view of those bytes (a one-run slice of the
/// input's buffer) and the step goes. So does a RESHAPE, a view of all of
/// its input.
///
/// YOLOv8's head splits its [1, 144, 8400] output into the box rows (64) and
/// the class rows (80): blocks of 0.5 and 0.7 MB that were copied out, and the
/// copy of the class rows was the arena's peak; the box rows were then copied
/// once more by the RESHAPE to [1, 4, 16, 8400] that the DFL reads. A view
/// only extends the input's lifetime to the view's last reader.
///
/// A slice is a block when every axis before the first one it cuts is taken
/// once, that axis in steps of 1, and every axis after it whole. The input and
/// the output must have the same type and quantization (the kernel that
/// checked it does not run), and the output must be no graph output and not
/// already live in place somewhere else.
enum ContiguousSliceViews {
    static func apply(to steps: inout [ExecutionStep], slices: inout [Int: TensorSlice], graph: Graph) {
        var dropped: Set<Int> = []
        let bases = Set(slices.values.map(\.base))
        for (index, step) in steps.enumerated() {
            guard step.outputs.count == 1, step.outputSlice == nil, step.epilogue == nil,
                  let input = step.inputs.first, input >= 0, !graph.tensors[input].isConstant,
                  case let output = step.outputs[0], slices[output] == nil, !bases.contains(output),
                  !graph.outputs.contains(output),
                  graph.tensors[input].type == graph.tensors[output].type,
                  graph.tensors[input].quantization == graph.tensors[output].quantization,
                  let elements = blockStart(step, graph: graph)
            else { continue }
            var view = TensorSlice(
                base: input, offset: elements * graph.tensors[input].type.byteWidth,
                rowBytes: graph.tensors[output].byteCount, rowStride: graph.tensors[output].byteCount, rows: 1,
                isRequantized: false)
            if let outer = slices[input] {
                guard outer.rows == 1, !outer.isRequantized else { continue }
                view.base = outer.base
                view.offset += outer.offset
            }
            slices[output] = view
            dropped.insert(index)
        }
        steps = steps.indices.filter { !dropped.contains($0) }.map { steps[$0] }
    }

    /// The index of the block's first element in the input, if the step
    /// takes one contiguous block.
    private static func blockStart(_ step: ExecutionStep, graph: Graph) -> Int? {
        if case .reshape = graph.nodes[step.node].op { return 0 }
        guard case .stridedSlice(let options) = graph.nodes[step.node].op, step.inputs.count == 4,
              let context = try? NodeContext(nodeIndex: step.node, graph: graph),
              let begin = try? context.constantIntegers(1), let end = try? context.constantIntegers(2),
              let strides = try? context.constantIntegers(3),
              let geometry = try? StridedSliceGeometry(
                  inputShape: graph.tensors[step.inputs[0]].shape, begin: begin, end: end, strides: strides,
                  options: options, context),
              geometry.effectiveShape.reduce(1, *) == graph.tensors[step.inputs[0]].elementCount
        else { return nil }
        let shape = geometry.effectiveShape
        // The first axis taken in part; before it single indices, after it whole axes.
        let cut = shape.indices.first { geometry.counts[$0] != shape[$0] } ?? shape.count
        guard shape.indices.allSatisfy({ axis in
            axis < cut ? geometry.counts[axis] == 1 || shape[axis] == 1
                : axis == cut ? geometry.step[axis] == 1 || geometry.counts[axis] <= 1
                : geometry.start[axis] == 0 && geometry.counts[axis] == shape[axis]
        }) else { return nil }
        var start = 0
        for axis in shape.indices { start = start * shape[axis] + geometry.start[axis] }
        return start
    }
}
