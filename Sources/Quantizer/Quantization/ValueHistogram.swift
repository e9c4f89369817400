import Infer
import QuantizerKernels

/// A histogram of one tensor's values over calibration runs, in a single pass.
///
/// Bins have a power-of-two width and edges on multiples of it. When a value
/// falls outside, the width doubles (each new bin is exactly two old ones, or
/// one at the edge) until the range covers it, so merging loses nothing but
/// resolution, and the range always has at least `binCount / 2` bins: with the
/// default 2048 bins, at least four per int8 step.
public struct ValueHistogram: Sendable, Equatable {
    public static let defaultBinCount = 2048

    public private(set) var counts: [UInt64]
    /// Left edge of bin 0 (a multiple of `binWidth`).
    public private(set) var lowerEdge: Double
    public private(set) var binWidth: Double
    public private(set) var minimum: Float
    public private(set) var maximum: Float
    public private(set) var total: UInt64

    public init(binCount: Int = defaultBinCount) {
        counts = [UInt64](repeating: 0, count: max(binCount, 2))
        lowerEdge = 0
        binWidth = 0
        minimum = .infinity
        maximum = -.infinity
        total = 0
    }

    public var binCount: Int { counts.count }
    public var isEmpty: Bool { total == 0 }
    public var upperEdge: Double { lowerEdge + Double(binCount) * binWidth }

    /// The centre of bin `index`.
    public func center(of index: Int) -> Double { lowerEdge + (Double(index) + 0.5) * binWidth }

    /// Adds finite values (NaN and infinities are ignored: they carry no range).
    public mutating func add(_ values: [Float]) {
        var low: Float = 0, high: Float = 0
        guard values.withUnsafeBufferPointer({ f32_finite_range($0.baseAddress, $0.count, &low, &high) }) != 0 else {
            return
        }
        cover(Double(low), Double(high))
        minimum = Swift.min(minimum, low)
        maximum = Swift.max(maximum, high)
        let (edge, width, bins) = (lowerEdge, binWidth, binCount)
        total += values.withUnsafeBufferPointer { source in
            counts.withUnsafeMutableBufferPointer { histogram in
                f32_histogram_add(source.baseAddress, source.count, edge, width, histogram.baseAddress, bins)
            }
        }
    }

    /// Widens the bins until [low, high] lies inside the range.
    private mutating func cover(_ low: Double, _ high: Double) {
        if binWidth == 0 {
            // First data: the smallest power of two that spans it, and not so
            // fine relative to the values that edge arithmetic stops being exact.
            let magnitude = Swift.max(abs(low), abs(high))
            binWidth = Self.powerOfTwo(atLeast: Swift.max(
                (high - low) / Double(binCount - 1), magnitude * 0x1p-30, Double(Float.leastNormalMagnitude)))
            lowerEdge = (low / binWidth).rounded(.down) * binWidth
        }
        while low < lowerEdge || high >= upperEdge {
            let width = binWidth * 2
            // The new left edge keeps every old bin inside the range, and moves
            // as far toward `low` as that allows.
            let keepsOldTop = (upperEdge / width).rounded(.up) * width - Double(binCount) * width
            let edge = Swift.min(
                (lowerEdge / width).rounded(.down) * width,
                Swift.max((low / width).rounded(.down) * width, keepsOldTop))
            var merged = [UInt64](repeating: 0, count: binCount)
            for (index, count) in counts.enumerated() where count > 0 {
                // Old bins start on multiples of the old width, so each lies inside one new bin.
                let start = lowerEdge + Double(index) * binWidth
                let bin = Int(((start - edge) / width).rounded(.down))
                merged[Swift.min(Swift.max(bin, 0), binCount - 1)] += count
            }
            counts = merged
            binWidth = width
            lowerEdge = edge
        }
    }

    private static func powerOfTwo(atLeast value: Double) -> Double {
        var result = 1.0
        while result < value { result *= 2 }
        while result / 2 >= value { result /= 2 }
        return result
    }
}
