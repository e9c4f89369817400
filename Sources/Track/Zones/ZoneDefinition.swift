/// A named polygon in the image, as the config file gives it.
public struct ZoneDefinition: Sendable, Equatable {
    public var name: String
    /// Corners in order (either winding), at least three; the polygon may be concave but
    /// must not cross itself.
    public var polygon: [NormalizedPoint]
    /// Class ids that count in this zone, or nil for all.
    public var classIDs: Set<Int>?
    /// Detections below this score do not count.
    public var minimumScore: Float
    public var anchor: BoxAnchor
    /// Consecutive frames a track's anchor must be inside before it enters.
    public var enterFrames: Int
    /// Consecutive frames a track's anchor must be outside (or the track lost) before it leaves.
    public var leaveFrames: Int

    public init(
        name: String, polygon: [NormalizedPoint], classIDs: Set<Int>? = nil, minimumScore: Float = 0,
        anchor: BoxAnchor = .bottomCenter, enterFrames: Int = 3, leaveFrames: Int = 5
    ) {
        self.name = name
        self.polygon = polygon
        self.classIDs = classIDs
        self.minimumScore = minimumScore
        self.anchor = anchor
        self.enterFrames = enterFrames
        self.leaveFrames = leaveFrames
    }
}

/// A named directed line segment. Looking from `start` to `end`, a track whose anchor goes
/// from the left-hand side to the right-hand side crosses `in`; the other way is `out`.
public struct LineDefinition: Sendable, Equatable {
    public var name: String
    public var start: NormalizedPoint
    public var end: NormalizedPoint
    public var classIDs: Set<Int>?
    public var minimumScore: Float
    public var anchor: BoxAnchor

    public init(
        name: String, start: NormalizedPoint, end: NormalizedPoint, classIDs: Set<Int>? = nil,
        minimumScore: Float = 0, anchor: BoxAnchor = .bottomCenter
    ) {
        self.name = name
        self.start = start
        self.end = end
        self.classIDs = classIDs
        self.minimumScore = minimumScore
        self.anchor = anchor
    }
}
