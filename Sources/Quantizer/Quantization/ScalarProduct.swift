import Infer

/// A MUL of a run-time tensor by a one-element float constant: YOLO11's
/// attention scale d^-½, on the queries (as onnxslim leaves it) or on the
/// query-key product (as PyTorch writes it).
struct ScalarProduct {
    let input: Int
    let factor: Float

    init?(_ node: Node, in graph: Graph) {
        guard node.op == .mul(.none), node.inputs.count == 2,
            let constant = node.inputs.firstIndex(where: { $0 >= 0 && graph.tensors[$0].isConstant }),
            let values = graph.tensors[node.inputs[constant]].floatValues(), values.count == 1,
            values[0].isFinite
        else { return nil }
        input = node.inputs[1 - constant]
        factor = values[0]
    }
}
