import InferKernels

/// QUANTIZE float32 → int8 (TFLite's AffineQuantize).
final class QuantizeFloatKernel: Kernel, @unchecked Sendable {
    private let count: Int, scale: Float, zeroPoint: Int32
    let scratchByteCount = 0

    init(_ context: NodeContext) throws(KernelError) {
        try context.requireInputCount(1...1)
        let input = try context.input(0), output = try context.output()
        try context.requireType(input, .float32)
        (scale, zeroPoint) = try context.affine(output)
        try context.requireSameElementCount(input, output)
        count = input.elementCount
    }

    func run(_ io: KernelIO) {
        ik_quantize_float_run(io.input(0).assumingMemoryBound(to: Float.self), io.int8Output(), count, scale, zeroPoint)
    }
}

/// DEQUANTIZE int8 → float32.
final class DequantizeKernel: Kernel, @unchecked Sendable {
    private let count: Int, scale: Float, zeroPoint: Int32
    let scratchByteCount = 0

    init(_ context: NodeContext) throws(KernelError) {
        try context.requireInputCount(1...1)
        let input = try context.input(0), output = try context.output()
        try context.requireType(output, .float32)
        (scale, zeroPoint) = try context.affine(input)
        try context.requireSameElementCount(input, output)
        count = input.elementCount
    }

    func run(_ io: KernelIO) {
        ik_dequantize_run(io.int8Input(0), io.outputs[0].assumingMemoryBound(to: Float.self), count, Double(scale), zeroPoint)
    }
}
