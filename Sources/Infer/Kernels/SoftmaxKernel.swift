import InferKernels

/// Int8 SOFTMAX over the last axis: TFLite's reference fixed-point algorithm,
/// which BUILTIN_REF runs for int8 (the optimized kernels use a float table).
final class SoftmaxKernel: RowPartitionedKernel, @unchecked Sendable {
    private let params: ik_softmax_params
    private let expTable: PinnedBuffer<Int32>
    let scratchByteCount = 0
    var rowCount: Int { Int(params.outer_size) }

    init(_ context: NodeContext, beta: Float) throws(KernelError) {
        var p = ik_softmax_params()
        try context.requireInputCount(1...1)
        let input = try context.input(0), output = try context.output()
        let (inputScale, _) = try context.affine(input)
        let (outputScale, outputZero) = try context.affine(output)
        guard input.shape == output.shape, let depth = input.shape.last, depth > 0 else {
            throw context.error("input \(input.shape) and output \(output.shape) must match and be non-empty")
        }
        guard outputZero == -128, abs(outputScale - 1.0 / 256) <= 0.001 / 256 else {
            throw context.error("int8 SOFTMAX output must have scale 1/256 and zero point -128")
        }
        guard beta > 0, beta.isFinite else { throw context.error("beta must be positive") }
        // PreprocessSoftmaxScaling with 5 integer bits: input differences as Q5.26.
        let integerBits = 5
        let real = min(Double(beta) * Double(inputScale) * Double(1 << (31 - integerBits)), Double((1 << 31) - 1))
        let multiplier = QuantizedMultiplier(real)
        guard multiplier.shift >= 0 else {
            throw context.error("beta × input scale \(Double(beta) * Double(inputScale)) is too small (below 2^-26)")
        }
        // CalculateInputRadius: the largest difference that still fits after scaling.
        let radius = Double((1 << integerBits) - 1) * Double(1 << (31 - integerBits)) / Double(1 << Int(multiplier.shift))
        p.outer_size = Int64(input.elementCount / depth)
        p.depth = Int32(depth)
        p.input_multiplier = multiplier.multiplier
        p.input_left_shift = multiplier.shift
        p.diff_min = -Int32(radius.rounded(.down))
        let table = PinnedBuffer<Int32>(count: Int(IK_SOFTMAX_TABLE_SIZE), repeating: 0)
        ik_softmax_fill_exp_table(&p, table.pointer)
        p.exp_table = UnsafePointer(table.pointer)
        expTable = table
        params = p
    }

    func run(_ io: KernelIO, rows: Range<Int>) {
        withUnsafePointer(to: params) {
            ik_softmax_run_rows($0, io.int8Input(0), io.int8Output(), Int64(rows.lowerBound), Int64(rows.upperBound))
        }
    }
}
