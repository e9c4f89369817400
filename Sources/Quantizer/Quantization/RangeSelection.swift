import Infer

/// The calibration methods that pick an activation's int8 range from its histogram.
public enum RangeMethod: Sendable, Equatable {
    /// The observed minimum and maximum.
    case minMax
    /// Clip the given percentage of values, half at each end (e.g. 99.99).
    case percentile(Double)
    /// The range whose int8 quantization has the least expected squared error.
    case mse
    /// The range whose int8 distribution is closest to the float one in KL divergence.
    case entropy
}

/// A float range that int8 quantization covers; always contains 0, as
/// affine quantization needs an exact zero (padding, ReLU-like floors).
public struct QuantizationRange: Sendable, Equatable {
    public var low: Float
    public var high: Float

    public init(low: Float, high: Float) {
        self.low = min(low, 0)
        self.high = max(high, 0)
    }

    /// Asymmetric int8 parameters: `real = scale * (q - zeroPoint)`, q in -128...127.
    public var asymmetricInt8: (scale: Float, zeroPoint: Int32) {
        let span = high - low
        guard span > 0 else { return (1, 0) }
        let scale = span / 255
        let zeroPoint = (-128 - low / scale).rounded()
        return (scale, Int32(min(max(zeroPoint, -128), 127)))
    }
}

/// Range selection as pure functions of a histogram.
public enum RangeSelection {
    public static func range(_ histogram: ValueHistogram, method: RangeMethod, levels: Int = 256) -> QuantizationRange {
        guard !histogram.isEmpty else { return QuantizationRange(low: 0, high: 0) }
        switch method {
        case .minMax: return QuantizationRange(low: histogram.minimum, high: histogram.maximum)
        case .percentile(let percent): return percentile(histogram, percent: percent)
        case .mse:
            let sums = HistogramPrefixSums(histogram)
            return bestClip(histogram, minimumBins: 2) { low, high in
                HistogramCost.quantizationError(sums, lowBin: low, highBin: high, levels: levels)
            }
        case .entropy:
            // KL only sees clipping through the folded edge bins smearing into
            // their level; a window of `levels` bins or fewer hides it entirely.
            return bestClip(histogram, minimumBins: levels + 1) { low, high in
                HistogramCost.klDivergence(histogram, lowBin: low, highBin: high, levels: levels)
            }
        }
    }

    /// Cuts `(100 - percent) / 2` percent of the values off each end.
    static func percentile(_ histogram: ValueHistogram, percent: Double) -> QuantizationRange {
        let tail = Double(histogram.total) * max(0, min(100, 100 - percent)) / 200
        var below: Double = 0
        var lowBin = 0
        while lowBin < histogram.binCount - 1, below + Double(histogram.counts[lowBin]) <= tail {
            below += Double(histogram.counts[lowBin])
            lowBin += 1
        }
        var above: Double = 0
        var highBin = histogram.binCount - 1
        while highBin > lowBin, above + Double(histogram.counts[highBin]) <= tail {
            above += Double(histogram.counts[highBin])
            highBin -= 1
        }
        let low = max(Double(histogram.minimum), histogram.lowerEdge + Double(lowBin) * histogram.binWidth)
        let high = min(Double(histogram.maximum), histogram.lowerEdge + Double(highBin + 1) * histogram.binWidth)
        return QuantizationRange(low: Float(low), high: Float(high))
    }

    /// Coordinate search over bin-aligned clip edges: first the upper edge
    /// with the lower at the minimum, then the lower edge with that upper.
    /// (Activations here have one long tail; a joint 2-D search costs far
    /// more for little gain.)
    static func bestClip(
        _ histogram: ValueHistogram, minimumBins: Int, cost: (_ lowBin: Int, _ highBin: Int) -> Double
    ) -> QuantizationRange {
        let occupied = histogram.counts.indices.filter { histogram.counts[$0] > 0 }
        guard let first = occupied.first, let last = occupied.last, last > first else {
            return QuantizationRange(low: histogram.minimum, high: histogram.maximum)
        }
        // Candidate edges every `step` bins: about 256 per side keeps this fast.
        let step = max(1, (last - first) / 256)
        var bestHigh = last
        var bestCost = cost(first, last)
        for high in stride(from: last - step, through: first + minimumBins - 1, by: -step) {
            let value = cost(first, high)
            if value < bestCost { (bestCost, bestHigh) = (value, high) }
        }
        var bestLow = first
        for low in stride(from: first + step, through: bestHigh - minimumBins + 1, by: step) {
            let value = cost(low, bestHigh)
            if value < bestCost { (bestCost, bestLow) = (value, low) }
        }
        let low = bestLow == first ? Double(histogram.minimum) : histogram.lowerEdge + Double(bestLow) * histogram.binWidth
        let high = bestHigh == last
            ? Double(histogram.maximum) : histogram.lowerEdge + Double(bestHigh + 1) * histogram.binWidth
        return QuantizationRange(low: Float(low), high: Float(high))
    }
}
