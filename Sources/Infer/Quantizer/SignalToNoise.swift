import Foundation

/// Signal-to-quantization-noise ratio of a tensor against its float
/// reference, in dB: 10·log10(Σ ref² / Σ (ref − test)²). The per-layer
/// measure of `convert --report`; +∞ when the two are identical.
public enum SignalToNoise {
    /// nil when the tensors differ in size or the reference is all zeros.
    public static func decibels(reference: [Float], test: [Float]) -> Double? {
        guard reference.count == test.count, !reference.isEmpty else { return nil }
        var signal: Double = 0
        var noise: Double = 0
        for (expected, actual) in zip(reference, test) {
            signal += Double(expected) * Double(expected)
            noise += (Double(expected) - Double(actual)) * (Double(expected) - Double(actual))
        }
        guard signal > 0 else { return nil }
        return noise == 0 ? .infinity : 10 * log10(signal / noise)
    }
}
