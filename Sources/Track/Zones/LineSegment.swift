/// A straight segment between two normalized points: a zone's edge, a counting line, or the way
/// an anchor moved between two frames.
struct LineSegment {
    var start: NormalizedPoint
    var end: NormalizedPoint

    /// Twice the signed area of the triangle start–end–`point`: positive with `point` on the
    /// right-hand side looking from start to end (image coordinates, y down), negative on the
    /// left, 0 on the segment's line.
    func cross(_ point: NormalizedPoint) -> Double {
        (end.x - start.x) * (point.y - start.y) - (end.y - start.y) * (point.x - start.x)
    }

    /// The signed distance of `point` from the segment's line, in pixels of a `width`×`height`
    /// frame (normalized units are not square); positive on the right as in `cross`.
    func pixelDistance(to point: NormalizedPoint, width: Int, height: Int) -> Double {
        let directionX = (end.x - start.x) * Double(width)
        let directionY = (end.y - start.y) * Double(height)
        let offsetX = (point.x - start.x) * Double(width)
        let offsetY = (point.y - start.y) * Double(height)
        return (directionX * offsetY - directionY * offsetX) / (directionX * directionX + directionY * directionY).squareRoot()
    }

    /// Whether the segments share a point; touching ends and collinear overlaps count.
    func intersects(_ other: LineSegment) -> Bool {
        let otherStartSide = cross(other.start)
        let otherEndSide = cross(other.end)
        let startSide = other.cross(start)
        let endSide = other.cross(end)
        if ((otherStartSide > 0 && otherEndSide < 0) || (otherStartSide < 0 && otherEndSide > 0))
            && ((startSide > 0 && endSide < 0) || (startSide < 0 && endSide > 0)) {
            return true
        }
        return (otherStartSide == 0 && spans(other.start)) || (otherEndSide == 0 && spans(other.end))
            || (startSide == 0 && other.spans(start)) || (endSide == 0 && other.spans(end))
    }

    /// Whether `point`, known to be on the segment's line, lies between its ends.
    private func spans(_ point: NormalizedPoint) -> Bool {
        point.x >= min(start.x, end.x) && point.x <= max(start.x, end.x)
            && point.y >= min(start.y, end.y) && point.y <= max(start.y, end.y)
    }
}
