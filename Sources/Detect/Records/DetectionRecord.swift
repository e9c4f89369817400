/// One line of `yolo-edge detect --json` output: an image and its detections, boxes in
/// source-image pixels.
///
///     {"image":PATH,"width":W,"height":H,
///      "detections":[{"track_id":T,"class_id":I,"label":S,"score":F,"box":[x1,y1,x2,y2]}],
///      "timing_ms":{"preprocess":F,"inference":F,"postprocess":F}}
public struct DetectionRecord: Codable, Hashable, Sendable {
    public var image: String
    public var width: Int
    public var height: Int
    public var detections: [DetectedObject]
    /// Absent in records that other tools wrote.
    public var timing: Timing?

    public init(
        image: String, width: Int, height: Int, detections: [DetectedObject], timing: Timing?
    ) {
        self.image = image
        self.width = width
        self.height = height
        self.detections = detections
        self.timing = timing
    }

    public struct DetectedObject: Codable, Hashable, Sendable {
        public var classID: Int
        public var label: String
        public var score: Double
        public var box: PixelBox
        /// Present where a tracker gave the object an identity (`detect --source`).
        public var trackID: UInt64?

        public init(classID: Int, label: String, score: Double, box: PixelBox, trackID: UInt64? = nil) {
            self.classID = classID
            self.label = label
            self.score = score
            self.box = box
            self.trackID = trackID
        }

        enum CodingKeys: String, CodingKey {
            case trackID = "track_id", classID = "class_id", label, score, box
        }
    }

    /// Stage durations in milliseconds.
    public typealias Timing = DetectionTiming

    enum CodingKeys: String, CodingKey {
        case image, width, height, detections, timing = "timing_ms"
    }
}
