import Foundation
import InferKernels
import Testing
@testable import Infer

@Suite("QuantizedMultiplier and rescaling")
struct QuantizedMultiplierTests {
    @Test func zeroEncodesAsZero() {
        #expect(QuantizedMultiplier(0) == QuantizedMultiplier(multiplier: 0, shift: 0))
    }

    @Test func powersOfTwoAreExact() {
        #expect(QuantizedMultiplier(1) == QuantizedMultiplier(multiplier: 1 << 30, shift: 1))
        #expect(QuantizedMultiplier(0.5) == QuantizedMultiplier(multiplier: 1 << 30, shift: 0))
        #expect(QuantizedMultiplier(0.25) == QuantizedMultiplier(multiplier: 1 << 30, shift: -1))
        #expect(QuantizedMultiplier(8) == QuantizedMultiplier(multiplier: 1 << 30, shift: 4))
    }

    @Test func fractionRoundingUpToOneRenormalizes() {
        // 1 - 2^-40 has fraction 0.99999... which rounds to 2^31 and must become 2^30 with shift + 1.
        let nearlyOne = QuantizedMultiplier(1 - 0x1p-40)
        #expect(nearlyOne == QuantizedMultiplier(multiplier: 1 << 30, shift: 1))
    }

    @Test func roundsHalfAwayFromZero() {
        // 0.5 + 2^-32 = (2^30 + 0.5) / 2^31: the half rounds up.
        #expect(QuantizedMultiplier(0.5 + 0x1p-32) == QuantizedMultiplier(multiplier: (1 << 30) + 1, shift: 0))
    }

    @Test func tinyMultipliersFlushToZero() {
        #expect(QuantizedMultiplier(0x1p-31) == QuantizedMultiplier(multiplier: 1 << 30, shift: -30))
        #expect(QuantizedMultiplier(0x1p-32) == QuantizedMultiplier(multiplier: 1 << 30, shift: -31))
        #expect(QuantizedMultiplier(0x1p-33) == QuantizedMultiplier(multiplier: 0, shift: 0))
    }

    @Test(arguments: [0.0123456, 0.7071, 1.9, 3e-5, 123.456])
    func encodingIsWithinOneUnitOfTheReal(real: Double) {
        let encoded = QuantizedMultiplier(real)
        #expect((1 << 30)...Int32.max ~= encoded.multiplier)
        let decoded = Double(encoded.multiplier) * pow(2, Double(encoded.shift) - 31)
        #expect(abs(decoded - real) <= real * 0x1p-30)
    }

    @Test func rescaleRoundsTwiceLikeTFLite() {
        // 5 × 0.5 × 2^-1 = 1.25: the high multiply rounds 2.5 up to 3, the shift rounds 1.5 to 2.
        // A single rounding would give 1; LiteRT's BUILTIN_REF gives 2.
        #expect(ik_multiply_by_quantized_multiplier(5, 1 << 30, -1) == 2)
        // The high multiply rounds -0.5 toward zero, the shift rounds ties away from zero.
        #expect(ik_multiply_by_quantized_multiplier(-1, 1 << 30, 0) == 0)
        #expect(ik_multiply_by_quantized_multiplier(-3, 1 << 30, -1) == -1)
        #expect(ik_multiply_by_quantized_multiplier(Int32.min, Int32.min, 0) == Int32.max)
    }

    @Test func rescaleMatchesIndependentReference() {
        let multipliers = [0.000123, 0.0271, 0.5, 0.999, 1.5, 37.0].map(QuantizedMultiplier.init)
        let values: [Int32] = [0, 1, -1, 2, -2, 127, -128, 4093, -4093, 65535, -65536, 1 << 20, -(1 << 20), 123_456_789]
        for multiplier in multipliers {
            for value in values where multiplier.shift <= 0 || abs(Int64(value)) < 1 << 24 {
                let got = ik_multiply_by_quantized_multiplier(value, multiplier.multiplier, multiplier.shift)
                #expect(Int64(got) == referenceRescale(Int64(value), multiplier), "\(value) × \(multiplier)")
            }
        }
    }
}
