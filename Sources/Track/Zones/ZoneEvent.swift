import Detect

/// Something a tracked object did in a zone or at a line, on one frame.
public struct ZoneEvent: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// The track's anchor has been inside the zone for `enterFrames` frames.
        case enter
        /// It has been outside (or the track lost) for `leaveFrames` frames.
        case leave
        /// The anchor went from one side of the line to the other.
        case cross
    }

    /// The way a line was crossed (`LineDefinition`).
    public enum Direction: String, Sendable {
        case `in`
        case out
    }

    public var kind: Kind
    /// Index into the monitor's zones (enter, leave) or lines (cross).
    public var index: Int
    /// Set for `cross` only.
    public var direction: Direction?
    public var trackID: UInt64
    public var classID: Int
    /// The score and box of the track's latest detection (for a leave after a loss, the last
    /// one it had).
    public var score: Float
    public var box: BoundingBox

    public init(
        kind: Kind, index: Int, direction: Direction? = nil, trackID: UInt64, classID: Int, score: Float,
        box: BoundingBox
    ) {
        self.kind = kind
        self.index = index
        self.direction = direction
        self.trackID = trackID
        self.classID = classID
        self.score = score
        self.box = box
    }
}
