import Infer

/// A value known while converting: an initializer, a `Constant`, or the
/// folded result of shape arithmetic. Integers of every ONNX width are held
/// as `Int64`, floats as `Float` (ONNX Runtime computes float32 ops in float32).
struct ConstantTensor: Equatable {
    enum Elements: Equatable {
        case float([Float])
        case integer([Int64])
    }

    var shape: [Int]
    var elements: Elements

    var count: Int { shape.reduce(1, *) }
    var isFloat: Bool { if case .float = elements { true } else { false } }

    init(shape: [Int], elements: Elements) {
        self.shape = shape
        self.elements = elements
    }

    init(shape: [Int], floats: [Float]) { self.init(shape: shape, elements: .float(floats)) }
    init(shape: [Int], integers: [Int64]) { self.init(shape: shape, elements: .integer(integers)) }

    init(_ tensor: ONNXTensor) {
        if let floats = tensor.floatValues() {
            self.init(shape: tensor.shape, floats: floats)
        } else {
            self.init(shape: tensor.shape, integers: tensor.integerValues() ?? [])
        }
    }

    /// The elements as floats (integers converted).
    var floats: [Float] {
        switch elements {
        case .float(let values): values
        case .integer(let values): values.map { Float($0) }
        }
    }

    /// The elements as integers; floats are rejected (shape operands must be integral).
    func integers(for node: ONNXNode, operand: String) throws(ONNXError) -> [Int64] {
        guard case .integer(let values) = elements else {
            throw .invalidNode(node: node.name, op: node.opType, reason: "\(operand) must be an integer tensor")
        }
        return values
    }

    /// The same elements in another shape (element count unchanged).
    func reshaped(_ shape: [Int]) -> ConstantTensor { ConstantTensor(shape: shape, elements: elements) }

    /// The elements picked by `indices` (a gather), in a tensor of `shape`.
    func gathered(_ indices: [Int], shape: [Int]) -> ConstantTensor {
        switch elements {
        case .float(let values): ConstantTensor(shape: shape, floats: IndexMap(indices).gather(values) ?? [])
        case .integer(let values): ConstantTensor(shape: shape, integers: indices.map { values[$0] })
        }
    }

    func transposed(_ permutation: [Int]) -> ConstantTensor {
        gathered(
            TensorIndexing.transposeIndices(shape: shape, permutation: permutation),
            shape: permutation.map { shape[$0] })
    }
}
