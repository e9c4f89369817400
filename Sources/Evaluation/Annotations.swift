import Detect

/// One labelled object of an image.
public struct GroundTruthBox: Hashable, Sendable {
    public var classID: Int
    public var box: PixelBox

    public init(classID: Int, box: PixelBox) {
        self.classID = classID
        self.box = box
    }
}

/// The ground truth of one evaluated image; an image without objects still counts as evaluated.
public struct ImageGroundTruth: Hashable, Sendable {
    /// Identifies the image; images are ordered by the UTF-8 bytes of their names, as Python's
    /// `sorted()` orders file names, which decides how equal scores rank across images.
    public var image: String
    public var objects: [GroundTruthBox]

    public init(image: String, objects: [GroundTruthBox]) {
        self.image = image
        self.objects = objects
    }
}

/// One detection of the model on an image.
public struct ImageDetection: Hashable, Sendable {
    public var image: String
    public var classID: Int
    public var score: Double
    public var box: PixelBox

    public init(image: String, classID: Int, score: Double, box: PixelBox) {
        self.image = image
        self.classID = classID
        self.score = score
        self.box = box
    }
}
