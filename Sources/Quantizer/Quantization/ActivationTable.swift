import Glibc
import Infer

/// Exact int8 → int8 tables for activations: each entry is the float
/// function of the dequantized input, rounded once into the output's scale.
enum ActivationTable {
    static func silu(_ x: Double) -> Double { x / (1 + exp(-x)) }

    /// `table[q + 128]` = quantize(f(dequantize(q))).
    static func table(
        input: (scale: Float, zeroPoint: Int32), output: (scale: Float, zeroPoint: Int32), _ function: (Double) -> Double
    ) -> [Int8] {
        (-128...127).map { level in
            let real = function(Double(input.scale) * Double(Int32(level) - input.zeroPoint))
            let quantized = (real / Double(output.scale)).rounded() + Double(output.zeroPoint)
            return Int8(clamping: Int(max(-128, min(127, quantized))))
        }
    }

    /// The input below which SiLU rounds to the same int8 as SiLU(−∞) = 0 at
    /// `outputScale`: a pre-activation range need not reach further down, so
    /// its int8 steps are spent where SiLU is not flat.
    static func siluFlatBelow(outputScale: Float) -> Float {
        // SiLU falls from its minimum (−0.278 at −1.278) towards 0⁻ as x → −∞.
        var (low, high) = (-60.0, -1.2785)
        let limit = Double(outputScale) / 2
        for _ in 0..<60 {
            let middle = (low + high) / 2
            if abs(silu(middle)) < limit { low = middle } else { high = middle }
        }
        return Float(low)
    }
}
