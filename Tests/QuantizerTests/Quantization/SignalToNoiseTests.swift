import Foundation
import Testing

@testable import Infer
@testable import Quantizer

@Suite struct SignalToNoiseTests {
    @Test func knownRatios() {
        // Noise power 1% of signal power: 20 dB.
        #expect(SignalToNoise.decibels(reference: [10, -10], test: [11, -9]).map { ($0 * 1e9).rounded() / 1e9 } == 20)
        #expect(SignalToNoise.decibels(reference: [1, 2], test: [1, 2]) == .infinity)
    }

    @Test func int8RoundingOfAUniformSignalIsAboutFortyEightDecibels() throws {
        // Uniform on [-1, 1] quantized with 256 levels: 6.02·8 ≈ 48 dB.
        var random = SeededRandom(seed: 3)
        let reference = (0..<100_000).map { _ in Float(random.uniform() * 2 - 1) }
        let step = Float(2) / 255
        let quantized = reference.map { ($0 / step).rounded() * step }
        let ratio = try #require(SignalToNoise.decibels(reference: reference, test: quantized))
        #expect(abs(ratio - 48.1) < 0.5)
    }

    @Test func mismatchedOrSilentInputsHaveNoRatio() {
        #expect(SignalToNoise.decibels(reference: [1], test: [1, 2]) == nil)
        #expect(SignalToNoise.decibels(reference: [0, 0], test: [1, 2]) == nil)
    }
}
