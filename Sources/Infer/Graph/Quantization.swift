/// Affine quantization: `real = scale * (q - zeroPoint)`.
///
/// One scale/zero point per tensor, or one per slice along `axis`
/// (per-channel weights).
public struct Quantization: Sendable, Equatable, Codable {
    public var scales: [Float]
    public var zeroPoints: [Int32]
    /// The dimension that `scales` runs along when there is more than one.
    public var axis: Int

    public init(scales: [Float], zeroPoints: [Int32], axis: Int = 0) {
        self.scales = scales
        self.zeroPoints = zeroPoints
        self.axis = axis
    }

    public init(scale: Float, zeroPoint: Int32) {
        self.init(scales: [scale], zeroPoints: [zeroPoint])
    }

    public var isPerChannel: Bool { scales.count > 1 }
    /// The per-tensor scale (the first one for per-channel parameters).
    public var scale: Float { scales[0] }
    /// The per-tensor zero point (the first one for per-channel parameters).
    public var zeroPoint: Int32 { zeroPoints[0] }

    /// The real value of an int8 level under the per-tensor parameters.
    public func dequantize(_ level: Int8) -> Float {
        scale * Float(Int32(level) - zeroPoint)
    }

    /// The nearest int8 level of a real value under the per-tensor parameters, saturated.
    public func quantize(_ value: Float) -> Int8 {
        Int8(clamping: Int((value / scale).rounded()) + Int(zeroPoint))
    }
}
