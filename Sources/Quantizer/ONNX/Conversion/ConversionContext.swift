import Infer

/// What an ONNX value name stands for during conversion.
enum ConvertedValue {
    case constant(ConstantTensor)
    case runtime(RuntimeValue)
}

/// The state of one conversion: the IR under construction and every ONNX
/// value seen so far.
struct ConversionContext {
    let opsetVersion: Int64
    var builder = IRBuilder()
    var values: [String: ConvertedValue] = [:]

    init(opsetVersion: Int64) {
        self.opsetVersion = opsetVersion
    }

    mutating func convert(_ node: ONNXNode) throws(ONNXError) {
        let inputs = try node.inputs.map { name throws(ONNXError) -> ConvertedValue? in
            guard !name.isEmpty else { return nil }
            guard let value = values[name] else {
                throw .invalidNode(node: node.name, op: node.opType, reason: "input '\(name)' is not defined before this node")
            }
            return value
        }
        let results: [ConvertedValue]
        if let folded = try ConstantFolder.fold(node, inputs: inputs, opsetVersion: opsetVersion) {
            results = folded.map { .constant($0) }
        } else {
            results = try lower(node, inputs: inputs).map { .runtime($0) }
        }
        guard results.count >= node.outputs.filter({ !$0.isEmpty }).count else {
            throw .invalidNode(node: node.name, op: node.opType, reason: "optional outputs are not supported")
        }
        for (name, value) in zip(node.outputs, results) where !name.isEmpty {
            values[name] = value
        }
    }

    /// The operators `lower` takes (others only fold, on constant inputs).
    static let loweredOperators: Set<String> = [
        "Conv", "MaxPool", "Resize", "Sigmoid", "Add", "Sub", "Mul", "Div", "Concat", "Split", "Slice", "Reshape",
        "Transpose", "Softmax", "Identity", "MatMul",
    ]

    /// The first node whose operator no input can make convertible: checked before any node is
    /// converted, so that a model with an operator yolo-edge lacks says so first, not the
    /// first shortfall of a known operator.
    static func firstUnsupportedNode(_ nodes: [ONNXNode]) -> ONNXNode? {
        nodes.first { node in
            !(node.domain.isEmpty || node.domain == "ai.onnx")
                || !(loweredOperators.contains(node.opType) || ConstantFolder.foldableOperators.contains(node.opType))
        }
    }

    /// Emits the IR for a node computed at run time.
    private mutating func lower(_ node: ONNXNode, inputs: [ConvertedValue?]) throws(ONNXError) -> [RuntimeValue] {
        let operands = NodeOperands(node: node, inputs: inputs)
        switch node.opType {
        case "Conv": return [try lowerConv(operands)]
        case "MaxPool": return [try lowerMaxPool(operands)]
        case "Resize": return [try lowerResize(operands)]
        case "Sigmoid": return [try lowerSigmoid(operands)]
        case "Add", "Sub", "Mul", "Div": return [try lowerBinary(operands)]
        case "Concat": return [try lowerConcat(operands)]
        case "Split": return try lowerSplit(operands)
        case "Slice": return [try lowerSlice(operands)]
        case "Reshape": return [try lowerReshape(operands)]
        case "Transpose": return [try lowerTranspose(operands)]
        case "Softmax": return [try lowerSoftmax(operands)]
        case "Identity": return [try operands.runtime(0)]
        case "MatMul": return [try lowerMatMul(operands)]
        default:
            if ConstantFolder.foldableOperators.contains(node.opType) {
                throw .invalidNode(
                    node: node.name, op: node.opType,
                    reason: "supported only on constant inputs (shape arithmetic), not on a run-time tensor")
            }
            throw .unsupportedOperator(node: node.name, op: node.opType)
        }
    }

    /// `value` with its IR tensor in `layout`, emitting a transpose (or, when
    /// only size-1 axes move, a reshape) if it is not already.
    mutating func materialize(_ value: RuntimeValue, layout: [Int], name: String) -> RuntimeValue {
        guard value.layout != layout else { return value }
        let result = RuntimeValue(
            tensor: builder.activation(name, shape: layout.map { value.shape[$0] }),
            shape: value.shape, layout: layout)
        if value.hasSameElementOrder(as: layout) {
            let shape = builder.int32Constant("\(name)/shape", shape: [result.rank], values: result.irShape)
            builder.append(.reshape, inputs: [value.tensor, shape], outputs: [result.tensor])
        } else {
            let permutation = layout.map { value.irAxis($0) }
            let operand = builder.int32Constant("\(name)/perm", shape: [permutation.count], values: permutation)
            builder.append(.transpose, inputs: [value.tensor, operand], outputs: [result.tensor])
        }
        return result
    }

    /// A constant as an IR float tensor whose axes follow `layout` (after
    /// padding its shape with leading 1s to `rank`, as broadcasting does).
    mutating func floatConstant(_ constant: ConstantTensor, rank: Int, layout: [Int], name: String) -> Int {
        let padded = constant.reshaped([Int](repeating: 1, count: rank - constant.shape.count) + constant.shape)
        let arranged = padded.transposed(layout)
        return builder.floatConstant(name, shape: arranged.shape, values: arranged.floats)
    }
}

/// A node's inputs with accessors that name the node in every error.
struct NodeOperands {
    let node: ONNXNode
    let inputs: [ConvertedValue?]

    func error(_ reason: String) -> ONNXError {
        .invalidNode(node: node.name, op: node.opType, reason: reason)
    }

    var outputName: String { node.outputs.first ?? node.name }

    func runtime(_ index: Int) throws(ONNXError) -> RuntimeValue {
        guard index < inputs.count, let input = inputs[index] else { throw error("input \(index) is missing") }
        guard case .runtime(let value) = input else { throw error("input \(index) must be computed at run time") }
        return value
    }

    func constant(_ index: Int) throws(ONNXError) -> ConstantTensor? {
        guard index < inputs.count, let input = inputs[index] else { return nil }
        guard case .constant(let value) = input else {
            throw error("input \(index) ('\(node.inputs[index])') must be a constant")
        }
        return value
    }

    func integers(_ index: Int, name: String) throws(ONNXError) -> [Int64]? {
        try constant(index)?.integers(for: node, operand: name)
    }

    func attribute(_ name: String) -> ONNXAttribute? { node.attributes[name] }

    func int(_ name: String, default value: Int) throws(ONNXError) -> Int {
        switch node.attributes[name] {
        case nil: return value
        case .int(let stored)?:
            guard let result = Int(exactly: stored), abs(result) < 1 << 31 else { throw error("attribute \(name) is out of range") }
            return result
        default: throw error("attribute \(name) must be an int")
        }
    }

    func ints(_ name: String) throws(ONNXError) -> [Int]? {
        switch node.attributes[name] {
        case nil: return nil
        case .ints(let stored)?:
            return try stored.map { value throws(ONNXError) -> Int in
                guard abs(value) < 1 << 31 else { throw error("attribute \(name) has an out-of-range value") }
                return Int(value)
            }
        default: throw error("attribute \(name) must be a list of ints")
        }
    }

    func string(_ name: String, default value: String) throws(ONNXError) -> String {
        switch node.attributes[name] {
        case nil: return value
        case .string(let stored)?: return stored
        default: throw error("attribute \(name) must be a string")
        }
    }

    /// `axis` in 0..<rank, accepting ONNX's negative axes.
    func normalizedAxis(_ axis: Int, rank: Int) throws(ONNXError) -> Int {
        guard axis >= -rank, axis < rank else { throw error("axis \(axis) is out of range for rank \(rank)") }
        return axis < 0 ? axis + rank : axis
    }
}
