import Capture

extension RGBImage {
    /// Outlines `rectangle` with a stroke `lineWidth` pixels wide drawn inside it, so that the
    /// outline's outer edge is the rectangle's; what leaves the image is clipped.
    mutating func stroke(_ rectangle: PixelRectangle, lineWidth: Int, color: RGBColor) {
        let width = rectangle.right - rectangle.left + 1
        let height = rectangle.bottom - rectangle.top + 1
        let line = min(lineWidth, width, height)
        fill(x: rectangle.left, y: rectangle.top, width: width, height: line, with: color)
        fill(x: rectangle.left, y: rectangle.bottom - line + 1, width: width, height: line, with: color)
        fill(x: rectangle.left, y: rectangle.top, width: line, height: height, with: color)
        fill(x: rectangle.right - line + 1, y: rectangle.top, width: line, height: height, with: color)
    }

    /// Draws the segment from `start` to `end` (pixel coordinates, any values) `lineWidth`
    /// pixels wide; only the part near the image is walked, so far-away ends cost nothing.
    mutating func stroke(from start: SIMD2<Double>, to end: SIMD2<Double>, lineWidth: Int, color: RGBColor) {
        let margin = Double(lineWidth)
        guard
            let (from, to) = SegmentClipping.clip(
                start, end, to: SIMD2(-margin, -margin), SIMD2(Double(width) + margin, Double(height) + margin))
        else { return }
        var x = Int(from.x.rounded())
        var y = Int(from.y.rounded())
        let endX = Int(to.x.rounded())
        let endY = Int(to.y.rounded())
        // Bresenham's line, with a square of `lineWidth` pixels at each step.
        let dx = abs(endX - x)
        let dy = -abs(endY - y)
        let stepX = x < endX ? 1 : -1
        let stepY = y < endY ? 1 : -1
        var error = dx + dy
        let offset = lineWidth / 2
        while true {
            fill(x: x - offset, y: y - offset, width: lineWidth, height: lineWidth, with: color)
            if x == endX && y == endY { break }
            let doubled = 2 * error
            if doubled >= dy {
                error += dy
                x += stepX
            }
            if doubled <= dx {
                error += dx
                y += stepY
            }
        }
    }

    /// An arrow from `tail` to `tip`: its shaft and two barbs a third of its length.
    mutating func strokeArrow(from tail: SIMD2<Double>, to tip: SIMD2<Double>, lineWidth: Int, color: RGBColor) {
        stroke(from: tail, to: tip, lineWidth: lineWidth, color: color)
        let back = (tail - tip) / 3
        // The barbs: `back` turned 30 degrees either way.
        let (cosine, sine) = (3.0.squareRoot() / 2, 0.5)
        let left = SIMD2(back.x * cosine - back.y * sine, back.x * sine + back.y * cosine)
        let right = SIMD2(back.x * cosine + back.y * sine, -back.x * sine + back.y * cosine)
        stroke(from: tip, to: tip + left, lineWidth: lineWidth, color: color)
        stroke(from: tip, to: tip + right, lineWidth: lineWidth, color: color)
    }
}
