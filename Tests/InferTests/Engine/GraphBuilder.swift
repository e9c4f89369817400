@testable import Infer

/// Builds small synthetic graphs for tests, tensor by tensor.
struct GraphBuilder {
    var tensors: [Tensor] = []
    var nodes: [Node] = []

    /// Adds an int8 activation tensor and returns its index.
    mutating func activation(_ shape: [Int], scale: Float, zeroPoint: Int32, name: String? = nil) -> Int {
        tensors.append(Tensor(
            name: name ?? "t\(tensors.count)", type: .int8, shape: shape,
            quantization: Quantization(scale: scale, zeroPoint: zeroPoint)))
        return tensors.count - 1
    }

    /// Adds a constant tensor from raw little-endian bytes.
    mutating func constant(_ shape: [Int], type: ElementType, bytes: [UInt8], quantization: Quantization? = nil) -> Int {
        tensors.append(Tensor(
            name: "c\(tensors.count)", type: type, shape: shape, quantization: quantization, data: bytes))
        return tensors.count - 1
    }

    mutating func int8Constant(_ shape: [Int], values: [Int8], quantization: Quantization) -> Int {
        constant(shape, type: .int8, bytes: values.map { UInt8(bitPattern: $0) }, quantization: quantization)
    }

    mutating func int32Constant(_ shape: [Int], values: [Int32], quantization: Quantization? = nil) -> Int {
        let bytes = values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        return constant(shape, type: .int32, bytes: bytes, quantization: quantization)
    }

    mutating func add(_ op: Operator, inputs: [Int], outputs: [Int]) {
        nodes.append(Node(op: op, inputs: inputs, outputs: outputs))
    }

    func graph(inputs: [Int], outputs: [Int]) -> Graph {
        Graph(tensors: tensors, nodes: nodes, inputs: inputs, outputs: outputs)
    }
}
