
/// A real multiplier as TFLite's QuantizeMultiplier encodes it:
/// `real ≈ multiplier / 2^31 * 2^shift`, multiplier in [2^30, 2^31).
public struct QuantizedMultiplier: Sendable, Equatable {
    public var multiplier: Int32
    public var shift: Int32

    public init(multiplier: Int32, shift: Int32) {
        self.multiplier = multiplier
        self.shift = shift
    }

    /// Encodes `real` the way TFLite does: frexp, round half
    /// away from zero, renormalize 2^31, and flush shifts below -31 to zero.
    public init(_ real: Double) {
        guard real != 0, real.isFinite else {
            self.init(multiplier: 0, shift: 0)
            return
        }
        let exponent = real.exponent + 1  // frexp: real = fraction * 2^exponent, fraction in [0.5, 1)
        let fraction = (real < 0 ? -real.significand : real.significand) / 2
        var fixed = Int64((fraction * Double(1 << 31)).rounded(.toNearestOrAwayFromZero))
        var shift = exponent
        if fixed == 1 << 31 {
            fixed /= 2
            shift += 1
        }
        if shift < -31 {
            self.init(multiplier: 0, shift: 0)
        } else {
            self.init(multiplier: Int32(fixed), shift: Int32(shift))
        }
    }
}
