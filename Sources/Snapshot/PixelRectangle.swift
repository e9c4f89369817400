import Detect

/// The pixels a box covers, inclusive at both ends: a box from x1 = 10.2 to x2 = 20.5 covers
/// columns 10 through 20.
struct PixelRectangle: Equatable {
    var left: Int
    var top: Int
    var right: Int
    var bottom: Int

    /// Nil for a box with a coordinate that is not a number.
    init?(_ box: BoundingBox) {
        guard !box.x1.isNaN, !box.y1.isNaN, !box.x2.isNaN, !box.y2.isNaN else { return nil }
        left = pixelIndex(min(box.x1, box.x2), .down)
        top = pixelIndex(min(box.y1, box.y2), .down)
        right = max(pixelIndex(max(box.x1, box.x2), .up) - 1, left)
        bottom = max(pixelIndex(max(box.y1, box.y2), .up) - 1, top)
    }

    /// Whether any of it lies inside a `width`×`height` image.
    func intersects(width: Int, height: Int) -> Bool {
        right >= 0 && bottom >= 0 && left < width && top < height
    }
}
