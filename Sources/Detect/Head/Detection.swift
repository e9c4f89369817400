/// One detected object, in source-image pixels.
public struct Detection: Sendable, Equatable {
    public var classID: Int
    /// The dequantized class score (after the model's sigmoid), 0...1.
    public var score: Float
    public var box: BoundingBox
    /// The object's identity across frames, unique for the life of the tracker that gave it;
    /// nil where nothing tracks (single images, tracking off).
    public var trackID: UInt64?

    public init(classID: Int, score: Float, box: BoundingBox, trackID: UInt64? = nil) {
        self.classID = classID
        self.score = score
        self.box = box
        self.trackID = trackID
    }
}
