import Infer

/// Add, Sub, Mul and Div on folded constants, with broadcasting. Floats are
/// computed in float32 as ONNX Runtime does; integer overflow and division
/// by zero are errors, not traps.
enum ConstantArithmetic {
    static func evaluate(
        _ operands: NodeOperands, _ left: ConstantTensor, _ right: ConstantTensor
    ) throws(ONNXError) -> ConstantTensor {
        let op = operands.node.opType
        guard let shape = Broadcasting.shape(left.shape, right.shape) else {
            throw operands.error("shapes \(left.shape) and \(right.shape) do not broadcast")
        }
        guard shape.reduce(1, *) <= ConstantFolder.maximumElementCount else {
            throw operands.error("folding would make a constant of \(shape.reduce(1, *)) elements")
        }
        let leftIndices = Broadcasting.sourceIndices(of: left.shape, broadcastTo: shape)
        let rightIndices = Broadcasting.sourceIndices(of: right.shape, broadcastTo: shape)
        switch (left.elements, right.elements) {
        case (.integer(let a), .integer(let b)):
            let values = try zip(leftIndices, rightIndices).map { i, j throws(ONNXError) -> Int64 in
                let (x, y) = (a[i], b[j])
                let result: (partialValue: Int64, overflow: Bool)
                switch op {
                case "Add": result = x.addingReportingOverflow(y)
                case "Sub": result = x.subtractingReportingOverflow(y)
                case "Mul": result = x.multipliedReportingOverflow(by: y)
                default:
                    guard y != 0 else { throw operands.error("integer division by zero") }
                    result = x.dividedReportingOverflow(by: y)
                }
                guard !result.overflow else { throw operands.error("integer overflow") }
                return result.partialValue
            }
            return ConstantTensor(shape: shape, integers: values)
        case (.float, .float):
            let (a, b) = (left.floats, right.floats)
            let values = zip(leftIndices, rightIndices).map { i, j -> Float in
                switch op {
                case "Add": a[i] + b[j]
                case "Sub": a[i] - b[j]
                case "Mul": a[i] * b[j]
                default: a[i] / b[j]
                }
            }
            return ConstantTensor(shape: shape, floats: values)
        default:
            throw operands.error("operands mix integer and float types")
        }
    }
}
