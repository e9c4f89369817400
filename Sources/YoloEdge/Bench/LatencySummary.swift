/// Order statistics of a set of latencies, in milliseconds.
struct LatencySummary: Equatable {
    var median: Double
    var p90: Double
    var min: Double

    init(milliseconds samples: [Double]) {
        precondition(!samples.isEmpty, "no samples")
        let sorted = samples.sorted()
        median = Self.quantile(sorted, 0.5)
        p90 = Self.quantile(sorted, 0.9)
        min = sorted[0]
    }

    /// Linear interpolation between closest ranks (NumPy's default).
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = Swift.min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}
