/// A point in normalized image coordinates: x from 0 (left edge) to 1 (right edge), y from 0
/// (top edge) to 1 (bottom edge), so zones survive a change of resolution.
public struct NormalizedPoint: Sendable, Equatable, Hashable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}
