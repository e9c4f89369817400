/// Liang–Barsky clipping of a segment to an axis-aligned rectangle.
enum SegmentClipping {
    /// The part of the segment from `start` to `end` inside the rectangle from `low` to `high`,
    /// or nil when none of it is (or a coordinate is not finite).
    static func clip(
        _ start: SIMD2<Double>, _ end: SIMD2<Double>, to low: SIMD2<Double>, _ high: SIMD2<Double>
    ) -> (SIMD2<Double>, SIMD2<Double>)? {
        guard start.x.isFinite, start.y.isFinite, end.x.isFinite, end.y.isFinite else { return nil }
        let delta = end - start
        var range = 0.0...1.0
        // Each edge keeps the parameters t with p * t <= q: left, right, top, bottom.
        guard
            narrow(&range, -delta.x, start.x - low.x), narrow(&range, delta.x, high.x - start.x),
            narrow(&range, -delta.y, start.y - low.y), narrow(&range, delta.y, high.y - start.y)
        else { return nil }
        // Clamped: with ends far beyond the rectangle, rounding can land a little outside it.
        return (
            (start + range.lowerBound * delta).clamped(lowerBound: low, upperBound: high),
            (start + range.upperBound * delta).clamped(lowerBound: low, upperBound: high)
        )
    }

    /// Narrows `range` to the t with `p * t <= q`; false when nothing is left.
    private static func narrow(_ range: inout ClosedRange<Double>, _ p: Double, _ q: Double) -> Bool {
        if p == 0 { return q >= 0 }
        let t = q / p
        let lower = p < 0 ? max(range.lowerBound, t) : range.lowerBound
        let upper = p > 0 ? min(range.upperBound, t) : range.upperBound
        guard lower <= upper else { return false }
        range = lower...upper
        return true
    }
}
