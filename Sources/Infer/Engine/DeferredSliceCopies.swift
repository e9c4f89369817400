/// Moves the copies that fill a concatenation's slices to just before the
/// next step that uses the enclosing tensor, so that it is not alive while the
/// rest of the graph computes.
///
/// A tensor that holds slices lives from its first slice's producer (see
/// `ArenaLayout`). In the YOLOv8 head, each level's TRANSPOSE writes its slice
/// of the [1, 144, 8400] output as soon as the level is done: 1.2 MB alive
/// while the 80×80 level, the largest, still computes its branches. Run last,
/// the copies keep their inputs alive for longer instead, and those are
/// smaller (the 40×40 and 20×20 levels: 0.29 MB).
///
/// A step moves when it is a copy (TRANSPOSE, STRIDED_SLICE, RESHAPE) that
/// writes one tensor, in place into a slice, and its inputs are smaller than
/// the enclosing tensor. It moves past every step that neither reads nor
/// writes the enclosing tensor nor writes anything the copy reads; copies
/// later in the schedule move first, so a group of them keeps its order.
enum DeferredSliceCopies {
    static func apply(to steps: inout [ExecutionStep], slices: [Int: TensorSlice], graph: Graph) {
        func buffer(_ tensor: Int) -> Int { slices[tensor]?.base ?? tensor }
        for index in steps.indices.reversed() {
            let step = steps[index]
            guard step.outputs.count == 1, let enclosing = slices[step.outputs[0]]?.base,
                  isCopy(graph.nodes[step.node].op)
            else { continue }
            let read = Set(step.inputs.filter { $0 >= 0 && !graph.tensors[$0].isConstant }.map(buffer))
            let inputBytes = read.reduce(0) { $0 + graph.tensors[$1].byteCount }
            guard !read.contains(enclosing), inputBytes < graph.tensors[enclosing].byteCount else { continue }
            let next = steps.indices.dropFirst(index + 1).first { later in
                let other = steps[later]
                return (other.inputs + other.outputs).contains { $0 >= 0 && buffer($0) == enclosing }
                    || other.outputs.contains { read.contains(buffer($0)) }
            } ?? steps.count
            guard next > index + 1 else { continue }
            steps.insert(steps.remove(at: index), at: next - 1)
        }
    }

    private static func isCopy(_ op: Operator) -> Bool {
        switch op {
        case .transpose, .stridedSlice, .reshape: true
        default: false
        }
    }
}
