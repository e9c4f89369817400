@testable import Infer
@testable import Quantizer

/// Small float32 IR graphs for executor tests.
struct FloatGraphBuilder {
    var tensors: [Tensor] = []
    var nodes: [Node] = []

    mutating func activation(_ shape: [Int]) -> Int {
        tensors.append(Tensor(name: "t\(tensors.count)", type: .float32, shape: shape))
        return tensors.count - 1
    }

    mutating func constant(_ shape: [Int], _ values: [Float]) -> Int {
        tensors.append(Tensor(name: "c\(tensors.count)", type: .float32, shape: shape, data: FloatBytes.bytes(of: values)))
        return tensors.count - 1
    }

    mutating func integers(_ values: [Int]) -> Int {
        let bytes = values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: Int32(value) >> (8 * $0)) } }
        tensors.append(Tensor(name: "i\(tensors.count)", type: .int32, shape: [values.count], data: bytes))
        return tensors.count - 1
    }

    mutating func add(_ op: Operator, _ inputs: [Int], _ output: Int) {
        nodes.append(Node(op: op, inputs: inputs, outputs: [output]))
    }

    /// Runs a graph with one input and returns its one output.
    func run(input: Int, output: Int, _ values: [Float]) throws -> [Float] {
        let graph = Graph(tensors: tensors, nodes: nodes, inputs: [input], outputs: [output])
        return try FloatExecutor(graph: graph).run(values)[0]
    }
}
