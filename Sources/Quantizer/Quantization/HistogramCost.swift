import Infer
import QuantizerKernels

/// Costs of quantizing a histogram's values to `levels` steps over the bins
/// `lowBin...highBin` (values outside are clipped to the edges).
enum HistogramCost {
    /// Expected squared error, with each bin's values at its centre: clipped
    /// bins cost their squared distance to the edge; values inside cost the
    /// uniform rounding noise step²/12. O(1) per window from prefix sums.
    static func quantizationError(_ sums: HistogramPrefixSums, lowBin: Int, highBin: Int, levels: Int) -> Double {
        let low = sums.edge(lowBin)
        let high = sums.edge(highBin + 1)
        let step = (high - low) / Double(levels - 1)
        let inside = sums.count(lowBin..<(highBin + 1))
        return inside * step * step / 12
            + sums.squaredDistance(0..<lowBin, to: low)
            + sums.squaredDistance((highBin + 1)..<sums.binCount, to: high)
    }

    /// KL(P‖Q), TensorRT-style. P is the histogram over the clip window with
    /// the clipped mass folded into the edge bins. Q is the window *without*
    /// that mass, merged into `levels` groups and spread evenly over each
    /// group's bins that P has mass in; so clipping costs divergence at the
    /// edges, and coarse steps cost it everywhere (`f32_histogram_kl`).
    static func klDivergence(_ histogram: ValueHistogram, lowBin: Int, highBin: Int, levels: Int) -> Double {
        guard lowBin >= 0, highBin < histogram.binCount, highBin - lowBin + 1 > levels else {
            return 0  // too few bins to see any loss
        }
        return histogram.counts.withUnsafeBufferPointer { counts in
            f32_histogram_kl(counts.baseAddress, counts.count, lowBin, highBin, levels)
        }
    }
}
