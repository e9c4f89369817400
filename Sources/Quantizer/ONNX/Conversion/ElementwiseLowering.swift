import Infer

/// Sigmoid and the broadcasting binary ops.
extension ConversionContext {
    mutating func lowerSigmoid(_ operands: NodeOperands) throws(ONNXError) -> RuntimeValue {
        let input = try operands.runtime(0)
        let output = builder.activation(operands.outputName, shape: input.irShape)
        builder.append(.logistic, inputs: [input.tensor], outputs: [output])
        return RuntimeValue(tensor: output, shape: input.shape, layout: input.layout)
    }

    /// Add, Sub, Mul, Div with NumPy broadcasting. At least one operand is
    /// computed at run time (the constant folder took the rest).
    mutating func lowerBinary(_ operands: NodeOperands) throws(ONNXError) -> RuntimeValue {
        guard operands.inputs.count == 2, let left = operands.inputs[0], let right = operands.inputs[1] else {
            throw operands.error("needs two inputs")
        }
        var op = operands.node.opType
        var rightValue = right
        if op == "Div" {
            // Division by a constant becomes multiplication by its reciprocal
            // (exact for the powers of two YOLOv8 divides by); the IR has no DIV.
            guard case .constant(let divisor) = right else {
                throw operands.error("division by a tensor computed at run time is not supported")
            }
            guard divisor.floats.allSatisfy({ $0 != 0 }) else { throw operands.error("division by zero") }
            rightValue = .constant(ConstantTensor(shape: divisor.shape, floats: divisor.floats.map { 1 / $0 }))
            op = "Mul"
        }
        // The run-time operand that fixes the layout: the left one when both are.
        let anchor: RuntimeValue
        switch (left, rightValue) {
        case (.runtime(let value), _), (_, .runtime(let value)): anchor = value
        default: throw operands.error("needs a run-time operand")
        }
        let leftShape = Self.shape(of: left), rightShape = Self.shape(of: rightValue)
        guard let shape = Broadcasting.shape(leftShape, rightShape) else {
            throw operands.error("shapes \(leftShape) and \(rightShape) do not broadcast")
        }
        guard shape.count == anchor.rank else {
            throw operands.error("a constant of higher rank than the run-time operand is not supported")
        }
        let inputs = [
            try operand(left, anchor: anchor, operands: operands, position: 0),
            try operand(rightValue, anchor: anchor, operands: operands, position: 1),
        ]
        let output = builder.activation(operands.outputName, shape: anchor.layout.map { shape[$0] })
        let irOp: Operator = switch op {
        case "Add": .add(.none)
        case "Sub": .sub(.none)
        default: .mul(.none)
        }
        builder.append(irOp, inputs: inputs, outputs: [output])
        return RuntimeValue(tensor: output, shape: shape, layout: anchor.layout)
    }

    private static func shape(of value: ConvertedValue) -> [Int] {
        switch value {
        case .constant(let constant): constant.shape
        case .runtime(let runtime): runtime.shape
        }
    }

    /// An IR tensor for one operand, in the anchor's layout.
    private mutating func operand(
        _ value: ConvertedValue, anchor: RuntimeValue, operands: NodeOperands, position: Int
    ) throws(ONNXError) -> Int {
        switch value {
        case .constant(let constant):
            return floatConstant(
                constant, rank: anchor.rank, layout: anchor.layout, name: "\(operands.outputName)/operand\(position)")
        case .runtime(let runtime):
            guard runtime.rank == anchor.rank else {
                throw operands.error("run-time operands of different ranks are not supported")
            }
            return materialize(runtime, layout: anchor.layout, name: "\(operands.outputName)/operand\(position)").tensor
        }
    }
}
