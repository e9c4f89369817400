import Glibc
import Infer

/// Signal-to-quantization-noise ratio of a tensor against its float
/// reference, in dB: 10·log10(Σ ref² / Σ (ref − test)²). The per-layer
/// measure of `convert --report`; +∞ when the two are identical.
public struct SignalToNoise: Sendable, Equatable {
    public private(set) var signal: Double = 0
    public private(set) var noise: Double = 0

    public init() {}

    /// Adds one run's tensors (sums accumulate over runs, so one dB figure
    /// covers several images). Sizes must match.
    public mutating func add(reference: [Float], test: [Float]) {
        precondition(reference.count == test.count, "tensors differ in size")
        for (expected, actual) in zip(reference, test) {
            signal += Double(expected) * Double(expected)
            noise += (Double(expected) - Double(actual)) * (Double(expected) - Double(actual))
        }
    }

    /// nil while the reference is all zeros.
    public var decibels: Double? {
        guard signal > 0 else { return nil }
        return noise == 0 ? .infinity : 10 * log10(signal / noise)
    }

    /// nil when the tensors differ in size or the reference is all zeros.
    public static func decibels(reference: [Float], test: [Float]) -> Double? {
        guard reference.count == test.count, !reference.isEmpty else { return nil }
        var ratio = SignalToNoise()
        ratio.add(reference: reference, test: test)
        return ratio.decibels
    }
}
