import Foundation

/// Costs of quantizing a histogram's values to `levels` steps over the bins
/// `lowBin...highBin` (values outside are clipped to the edges).
enum HistogramCost {
    /// Expected squared error, with each bin's values at its centre:
    /// clipped bins cost their distance to the edge, the rest their distance
    /// to the nearest quantization level.
    static func quantizationError(_ histogram: ValueHistogram, lowBin: Int, highBin: Int, levels: Int) -> Double {
        let low = histogram.lowerEdge + Double(lowBin) * histogram.binWidth
        let high = histogram.lowerEdge + Double(highBin + 1) * histogram.binWidth
        let step = (high - low) / Double(levels - 1)
        var error: Double = 0
        for (index, count) in histogram.counts.enumerated() where count > 0 {
            let value = histogram.center(of: index)
            let quantized = low + ((min(max(value, low), high) - low) / step).rounded() * step
            error += Double(count) * (value - quantized) * (value - quantized)
        }
        return error
    }

    /// KL(P‖Q), TensorRT-style: P is the histogram over the clip window with
    /// the clipped mass folded into the edge bins; Q spreads each of the
    /// `levels` groups of bins evenly over its non-empty bins.
    static func klDivergence(_ histogram: ValueHistogram, lowBin: Int, highBin: Int, levels: Int) -> Double {
        let width = highBin - lowBin + 1
        var reference = histogram.counts[lowBin...highBin].map(Double.init)
        reference[0] += histogram.counts[..<lowBin].reduce(0) { $0 + Double($1) }
        reference[width - 1] += histogram.counts[(highBin + 1)...].reduce(0) { $0 + Double($1) }
        guard width > levels else { return 0 }  // too few bins to see any loss

        var candidate = [Double](repeating: 0, count: width)
        for group in 0..<levels {
            let start = group * width / levels
            let end = (group + 1) * width / levels
            let mass = reference[start..<end].reduce(0, +)
            let nonEmpty = reference[start..<end].filter { $0 > 0 }.count
            guard nonEmpty > 0 else { continue }
            for bin in start..<end where reference[bin] > 0 { candidate[bin] = mass / Double(nonEmpty) }
        }
        let referenceTotal = reference.reduce(0, +)
        let candidateTotal = candidate.reduce(0, +)
        var divergence: Double = 0
        for (p, q) in zip(reference, candidate) where p > 0 {
            divergence += p / referenceTotal * log((p / referenceTotal) / (q / candidateTotal))
        }
        return divergence
    }
}
