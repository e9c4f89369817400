import Infer

/// MatMul of two run-time tensors (YOLO11's attention) as one BATCH_MATMUL.
extension ConversionContext {
    mutating func lowerMatMul(_ operands: NodeOperands) throws(ONNXError) -> RuntimeValue {
        let left = try operands.runtime(0), right = try operands.runtime(1)
        guard left.rank >= 2, right.rank == left.rank, left.shape.dropLast(2) == right.shape.dropLast(2) else {
            throw operands.error(
                "operands \(left.shape) and \(right.shape) need one rank (2 or more) and equal batch axes (no broadcasting)")
        }
        let (leftTensor, adjointLeft) = matrixOperand(left, name: "\(operands.outputName)/left")
        let (rightTensor, adjointRight) = matrixOperand(right, name: "\(operands.outputName)/right")
        guard let product = BatchMatMulShape(
            left: left.shape, right: right.shape, adjointLeft: false, adjointRight: false)
        else {
            throw operands.error("operands \(left.shape) and \(right.shape) do not multiply")
        }
        let output = builder.activation(operands.outputName, shape: product.outputShape)
        builder.append(
            .batchMatMul(adjointLeft: adjointLeft, adjointRight: adjointRight), inputs: [leftTensor, rightTensor],
            outputs: [output])
        return RuntimeValue(tensor: output, shape: product.outputShape, layout: Layout.identity(rank: product.outputShape.count))
    }

    /// The operand's IR tensor with its batch axes in ONNX order: as it is when
    /// only its last two axes are swapped (a transposed matrix, read as an
    /// adjoint), else brought into ONNX order.
    private mutating func matrixOperand(_ value: RuntimeValue, name: String) -> (tensor: Int, adjoint: Bool) {
        let identity = Layout.identity(rank: value.rank)
        var swapped = identity
        swapped.swapAt(value.rank - 2, value.rank - 1)
        if value.layout == swapped { return (value.tensor, true) }
        return (materialize(value, layout: identity, name: name).tensor, false)
    }
}
