/// Checks of the zones and lines a config gives, and whether a point is in a zone.
///
/// Problems are phrased to follow the key they concern (`zones[0].polygon: crosses itself: …`)
/// and name points as the config writes them, `[x, y]`.
public enum ZoneGeometry {
    /// Why `points` cannot be a zone: fewer than three points, a point outside the frame, a point
    /// repeated right after itself, no area (all points on one line), or edges that meet other
    /// than at their shared corner (crossing, touching, or folding back). Nil if it can.
    public static func polygonProblem(_ points: [NormalizedPoint]) -> String? {
        guard points.count >= 3 else {
            return "has \(points.count) point\(points.count == 1 ? "" : "s"); a zone needs at least 3"
        }
        for point in points where !isInFrame(point) {
            return "the point \(describe(point)) is outside the frame: x and y must be from 0 to 1"
        }
        for index in points.indices where points[index] == points[(index + 1) % points.count] {
            return index == points.count - 1
                ? "ends with its first point \(describe(points[0])) again; the polygon closes by itself"
                : "has the point \(describe(points[index])) twice in a row"
        }
        // Points 0 and 1 differ, so they give the line.
        if points.allSatisfy({ abs(LineSegment(start: points[0], end: points[1]).cross($0)) < 1e-12 }) {
            return "has no area: its points lie on one line"
        }
        return crossingProblem(points)
    }

    /// Why `start`–`end` cannot be a counting line: an end outside the frame, or no length.
    public static func lineProblem(start: NormalizedPoint, end: NormalizedPoint) -> String? {
        if !isInFrame(start) {
            return "the start \(describe(start)) is outside the frame: x and y must be from 0 to 1"
        }
        if !isInFrame(end) {
            return "the end \(describe(end)) is outside the frame: x and y must be from 0 to 1"
        }
        return start == end ? "start and end are the same point \(describe(start)); a line needs a length" : nil
    }

    /// Whether `point` is inside `polygon`, by the even-odd rule (a ray from the point crosses
    /// the edges an odd number of times), which holds for concave polygons too. A point exactly
    /// on an edge may fall either way.
    public static func contains(_ polygon: [NormalizedPoint], _ point: NormalizedPoint) -> Bool {
        guard polygon.count >= 3 else { return false }
        var inside = false
        var previous = polygon[polygon.count - 1]
        // By index: unoptimized builds allocate for each element of a for-in over an array.
        for index in polygon.indices {
            let current = polygon[index]
            if (current.y > point.y) != (previous.y > point.y) {
                let crossingX = previous.x + (point.y - previous.y) * (current.x - previous.x) / (current.y - previous.y)
                if point.x < crossingX {
                    inside.toggle()
                }
            }
            previous = current
        }
        return inside
    }

    /// The first pair of edges that meet other than at a shared corner: two edges that do not
    /// follow one another and intersect, or two that do and fold back over each other.
    private static func crossingProblem(_ points: [NormalizedPoint]) -> String? {
        let count = points.count
        func edge(_ index: Int) -> LineSegment {
            LineSegment(start: points[index], end: points[(index + 1) % count])
        }
        for first in 0..<count {
            for second in first + 1..<count {
                let adjacent = second == first + 1 || (first == 0 && second == count - 1)
                if adjacent {
                    // The shared corner and the two far ends: folding back means the far ends lie
                    // on one line through the corner, on the same side of it.
                    let corner = second == first + 1 ? points[second] : points[0]
                    let one = second == first + 1 ? points[first] : points[1]
                    let other = second == first + 1 ? points[(second + 1) % count] : points[count - 1]
                    let folds = LineSegment(start: corner, end: one).cross(other) == 0
                        && (one.x - corner.x) * (other.x - corner.x) + (one.y - corner.y) * (other.y - corner.y) > 0
                    if folds {
                        return "folds back on itself at \(describe(corner))"
                    }
                } else if edge(first).intersects(edge(second)) {
                    return "crosses itself: the edge \(describe(edge(first))) meets the edge \(describe(edge(second)))"
                }
            }
        }
        return nil
    }

    private static func isInFrame(_ point: NormalizedPoint) -> Bool {
        (0...1).contains(point.x) && (0...1).contains(point.y)
    }

    private static func describe(_ point: NormalizedPoint) -> String {
        "[\(point.x), \(point.y)]"
    }

    private static func describe(_ edge: LineSegment) -> String {
        "\(describe(edge.start))–\(describe(edge.end))"
    }
}
