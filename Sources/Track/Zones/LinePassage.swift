/// Which side of one counting line one track was last definitely on, and where: what a crossing
/// is judged against.
///
/// A side counts only when the anchor is farther from the line than a dead band, so a track
/// standing on the line, its box jittering a few pixels either way, keeps its side and crosses
/// nothing. The band scales with the box, as a detector's jitter does. A crossing is a change
/// of definite side along a path (from the last definite position to this one) that meets the
/// segment itself; going round its end changes the side without crossing. The path may span
/// frames in the band or frames the track was missing, so a crossing while unseen still counts.
struct LinePassage {
    /// The dead band's width on each side of the line, as a fraction of the box's smaller side.
    static let deadBandFraction = 0.1

    private enum Side {
        case left
        case right
    }

    private var side: Side?
    private var point = NormalizedPoint(x: 0, y: 0)

    /// The dead band for a box `width`×`height` pixels: at least a pixel.
    static func deadBand(width: Float, height: Float) -> Double {
        max(1, deadBandFraction * Double(min(width, height)))
    }

    /// Takes one frame's anchor `point`, `distance` pixels from `line` (positive on its right).
    /// - Returns: the direction of a crossing on this frame (left to right is `in`), else nil.
    mutating func observe(
        _ point: NormalizedPoint, distance: Double, deadBand: Double, line: LineSegment
    ) -> ZoneEvent.Direction? {
        let current: Side
        if distance > deadBand {
            current = .right
        } else if distance < -deadBand {
            current = .left
        } else {
            return nil
        }
        let path = LineSegment(start: self.point, end: point)
        let previous = side
        side = current
        self.point = point
        guard let previous, previous != current, line.intersects(path) else { return nil }
        return previous == .left ? .in : .out
    }
}
