import Infer

/// Maps an 8-bit pixel value `v` to the model's int8 input,
/// `clamp(round((v / 255) / scale) + zeroPoint, -128, 127)`, through a table
/// computed once.
///
/// The arithmetic is float32 and the rounding is half-to-even, as in the
/// NumPy reference pipelines (`np.round(im / 255 / scale) + zp`) against
/// which the LiteRT figures are measured. TFLite's own QUANTIZE rounds half
/// away from zero instead; the two differ only when the quotient is exactly
/// n + 0.5 in float32, which real input scales (near 1/255) never produce.
public struct InputQuantizationTable: Sendable, Equatable {
    public let scale: Float
    public let zeroPoint: Int32
    private let levels: [Int8]

    public init(scale: Float, zeroPoint: Int32) throws(LetterboxError) {
        guard scale.isFinite, scale > 0 else {
            throw .invalidQuantization(scale: scale, zeroPoint: zeroPoint)
        }
        self.scale = scale
        self.zeroPoint = zeroPoint
        levels = (0...255).map { value in
            let quotient = (Float(value) / 255 / scale).rounded(.toNearestOrEven)
            // Clamp in float first: a tiny scale can exceed Int32's range.
            let level = min(max(quotient + Float(zeroPoint), -128), 127)
            return Int8(level)
        }
    }

    /// The table of the model input tensor's per-tensor quantization.
    public init(_ quantization: Quantization) throws(LetterboxError) {
        guard !quantization.isPerChannel else {
            throw .invalidQuantization(scale: quantization.scale, zeroPoint: quantization.zeroPoint)
        }
        try self.init(scale: quantization.scale, zeroPoint: quantization.zeroPoint)
    }

    public subscript(value: UInt8) -> Int8 { levels[Int(value)] }
}
