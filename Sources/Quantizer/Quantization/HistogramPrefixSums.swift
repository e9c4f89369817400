import Infer

/// Running sums of a histogram's counts, count·centre and count·centre²,
/// so the squared distance of any bin range to a point costs O(1):
/// Σc(v − x)² = Σcv² − 2xΣcv + x²Σc.
struct HistogramPrefixSums {
    private let counts: [Double]
    private let moments: [Double]
    private let squares: [Double]
    private let lowerEdge: Double
    private let binWidth: Double

    init(_ histogram: ValueHistogram) {
        var counts = [0.0], moments = [0.0], squares = [0.0]
        for (index, count) in histogram.counts.enumerated() {
            let value = histogram.center(of: index)
            let weight = Double(count)
            counts.append(counts[index] + weight)
            moments.append(moments[index] + weight * value)
            squares.append(squares[index] + weight * value * value)
        }
        (self.counts, self.moments, self.squares) = (counts, moments, squares)
        lowerEdge = histogram.lowerEdge
        binWidth = histogram.binWidth
    }

    var binCount: Int { counts.count - 1 }

    /// The left edge of bin `index` (`binCount` gives the right edge of the last).
    func edge(_ index: Int) -> Double { lowerEdge + Double(index) * binWidth }

    func count(_ bins: Range<Int>) -> Double { counts[bins.upperBound] - counts[bins.lowerBound] }

    func squaredDistance(_ bins: Range<Int>, to point: Double) -> Double {
        guard !bins.isEmpty else { return 0 }
        let weight = count(bins)
        let moment = moments[bins.upperBound] - moments[bins.lowerBound]
        let square = squares[bins.upperBound] - squares[bins.lowerBound]
        return max(0, square - 2 * point * moment + point * point * weight)
    }
}
