/// The confidence threshold moved into the int8 domain, so that only
/// candidates are ever dequantized.
struct ScoreThreshold: Sendable, Equatable {
    /// The smallest quantized score whose dequantized value is strictly above
    /// the confidence, or `nil` when no int8 value is.
    let minimumLevel: Int8?

    /// Dequantization as Ultralytics does it for TFLite outputs:
    /// `(float32(q) - zero_point) * scale` in float32.
    static func dequantize(_ level: Int8, scale: Float, zeroPoint: Int32) -> Float {
        Float(Int32(level) - zeroPoint) * scale
    }

    /// Scans all 256 levels with the very float expression used for the
    /// candidates, instead of inverting it with `ceil`, so float rounding at
    /// the boundary can never disagree with the dequantized comparison.
    /// Dequantization is monotonic for a positive scale, so the first level
    /// that passes bounds all passing ones.
    init(confidence: Float, scale: Float, zeroPoint: Int32) {
        minimumLevel = (Int8.min...Int8.max).first {
            Self.dequantize($0, scale: scale, zeroPoint: zeroPoint) > confidence
        }
    }
}
