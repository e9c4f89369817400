import Infer

/// Accumulates the IR graph's float tensors and nodes during conversion.
struct IRBuilder {
    private(set) var tensors: [Tensor] = []
    private(set) var nodes: [Node] = []

    mutating func activation(_ name: String, shape: [Int]) -> Int {
        tensors.append(Tensor(name: name, type: .float32, shape: shape))
        return tensors.count - 1
    }

    mutating func floatConstant(_ name: String, shape: [Int], values: [Float]) -> Int {
        let bytes = FloatBytes.bytes(of: values)
        tensors.append(Tensor(name: name, type: .float32, shape: shape, data: bytes))
        return tensors.count - 1
    }

    /// An int32 operand (permutation, slice bounds, sizes, paddings).
    mutating func int32Constant(_ name: String, shape: [Int], values: [Int]) -> Int {
        var bytes: [UInt8] = []
        for value in values {
            let bits = Int32(clamping: value)
            for index in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: bits >> Int32(8 * index))) }
        }
        tensors.append(Tensor(name: name, type: .int32, shape: shape, data: bytes))
        return tensors.count - 1
    }

    mutating func append(_ op: Operator, inputs: [Int], outputs: [Int]) {
        nodes.append(Node(op: op, inputs: inputs, outputs: outputs))
    }

    mutating func rename(_ tensor: Int, to name: String) {
        tensors[tensor].name = name
    }
}
