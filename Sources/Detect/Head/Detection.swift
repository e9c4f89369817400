/// One detected object, in source-image pixels.
public struct Detection: Sendable, Equatable {
    public var classID: Int
    /// The dequantized class score (after the model's sigmoid), 0...1.
    public var score: Float
    public var box: BoundingBox

    public init(classID: Int, score: Float, box: BoundingBox) {
        self.classID = classID
        self.score = score
        self.box = box
    }
}
