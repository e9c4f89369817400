import InferKernels

/// Int8 BATCH_MATMUL of two activations (YOLO11's attention) with TFLite's
/// reference integer semantics; the adjoint flags only change the steps the C
/// loop reads the operands with, so no operand is transposed.
final class BatchMatMulKernel: RowPartitionedKernel, @unchecked Sendable {
    private let params: ik_batch_matmul_params
    let scratchByteCount = 0
    let rowCount: Int

    init(_ context: NodeContext, adjointLeft: Bool, adjointRight: Bool) throws(KernelError) {
        try context.requireInputCount(2...2)
        let left = try context.input(0), right = try context.input(1), output = try context.output()
        let (leftScale, leftZeroPoint) = try context.affine(left)
        let (rightScale, rightZeroPoint) = try context.affine(right)
        let (outputScale, outputZeroPoint) = try context.affine(output)
        guard let product = BatchMatMulShape(
            left: left.shape, right: right.shape, adjointLeft: adjointLeft, adjointRight: adjointRight),
            product.outputShape == output.shape, output.shape.allSatisfy({ $0 > 0 })
        else {
            throw context.error("operands \(left.shape) and \(right.shape) do not multiply into \(output.shape)")
        }
        // Every sum of `depth` products of int8 differences (at most 2^16 each) fits int32.
        guard [left, right, output].allSatisfy({ $0.elementCount < Int(Int32.max) }), product.depth < 1 << 15 else {
            throw context.error("operands too large: 2^31 elements or a depth of 2^15 or more")
        }
        let multiplier = QuantizedMultiplier(Double(leftScale) * Double(rightScale) / Double(outputScale))
        guard (-31...30).contains(multiplier.shift) else {
            throw context.error("left × right / output scale is outside 2^-31 ... 2^31")
        }
        var p = ik_batch_matmul_params()
        p.batches = Int32(product.batches)
        p.rows = Int32(product.rows)
        p.depth = Int32(product.depth)
        p.columns = Int32(product.columns)
        p.left_row_step = Int32(product.leftRowStep)
        p.left_depth_step = Int32(product.leftDepthStep)
        p.right_depth_step = Int32(product.rightDepthStep)
        p.right_column_step = Int32(product.rightColumnStep)
        p.left_zero_point = leftZeroPoint
        p.right_zero_point = rightZeroPoint
        p.output_zero_point = outputZeroPoint
        p.multiplier = multiplier.multiplier
        p.shift = multiplier.shift
        params = p
        rowCount = product.batches * product.rows
    }

    func run(_ io: KernelIO, rows: Range<Int>) {
        withUnsafePointer(to: params) { params in
            ik_batch_matmul_run_rows(
                params, io.int8Input(0), io.int8Input(1), io.int8Output(), Int32(rows.lowerBound), Int32(rows.upperBound))
        }
    }
}
