@testable import Infer

/// Field-by-field differences between two graphs (the IR types are not
/// `Equatable` as a whole); empty when they are equal.
func graphDifferences(_ a: Graph, _ b: Graph) -> [String] {
    var differences: [String] = []
    func check<T: Equatable>(_ what: String, _ x: T, _ y: T) {
        if x != y { differences.append("\(what): \(x) != \(y)") }
    }
    check("tensor count", a.tensors.count, b.tensors.count)
    for (index, (x, y)) in zip(a.tensors, b.tensors).enumerated() {
        check("tensor \(index) name", x.name, y.name)
        check("tensor \(index) type", x.type, y.type)
        check("tensor \(index) shape", x.shape, y.shape)
        check("tensor \(index) quantization", x.quantization, y.quantization)
        check("tensor \(index) data", x.data, y.data)
    }
    check("nodes", a.nodes, b.nodes)
    check("inputs", a.inputs, b.inputs)
    check("outputs", a.outputs, b.outputs)
    check("metadata", a.metadata, b.metadata)
    return differences
}
