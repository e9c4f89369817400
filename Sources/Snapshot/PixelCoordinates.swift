import Track

/// Coordinates this far outside any frame are as good as infinitely far.
private let coordinateLimit = 1 << 24

/// `value` rounded by `rule` to a pixel index, limited to ±2^24 (NaN to 0), so that any
/// coordinate converts without trapping.
func pixelIndex<Value: BinaryFloatingPoint>(_ value: Value, _ rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> Int {
    guard !value.isNaN else { return 0 }
    let limit = Value(coordinateLimit)
    return Int(min(max(value, -limit), limit).rounded(rule))
}

/// Where `point` falls in a `width`×`height` image, 0 on the first pixel and 1 on the last, so
/// that a zone along the frame's edges is drawn on its edge pixels.
func pixelPosition(of point: NormalizedPoint, width: Int, height: Int) -> SIMD2<Double> {
    SIMD2(point.x * Double(width - 1), point.y * Double(height - 1))
}
