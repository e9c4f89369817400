import Infer

/// A MUL by a positive scalar constant whose product only a SOFTMAX reads
/// (YOLO11's attention as PyTorch writes it, `softmax(qᵀk · d^-½)`) folds
/// into the softmax's beta:
/// softmax(c·x) with beta b is softmax(x) with beta b·c, so the int8 graph has
/// no multiply there and the softmax reads the matrix product directly.
struct SoftmaxScaleFolding {
    /// By SOFTMAX node index: the tensor it reads instead, and its beta's factor.
    private(set) var scaledInputs: [Int: (input: Int, factor: Float)] = [:]
    /// The MUL nodes folded away.
    private(set) var foldedProducts: Set<Int> = []

    init(_ graph: Graph) {
        var readers: [Int: [Int]] = [:]
        for (index, node) in graph.nodes.enumerated() {
            for input in node.inputs where input >= 0 { readers[input, default: []].append(index) }
        }
        for (index, node) in graph.nodes.enumerated() {
            guard let product = ScalarProduct(node, in: graph), product.factor > 0,
                let only = readers[node.outputs[0]], only.count == 1,
                case .softmax = graph.nodes[only[0]].op, !graph.outputs.contains(node.outputs[0])
            else { continue }
            scaledInputs[only[0]] = (product.input, product.factor)
            foldedProducts.insert(index)
        }
    }
}
