/// Thresholds and limits of the detection post-processing, with the defaults
/// of Ultralytics' `non_max_suppression`.
public struct NMSOptions: Sendable, Equatable {
    /// A class score must be strictly greater than this to be a candidate,
    /// compared in float32 as torch does.
    public var confidence: Float
    /// Boxes of the same class whose IoU is strictly greater than this are
    /// suppressed by the higher-scoring one. A Double, as torchvision
    /// compares its float32 IoU with a double threshold.
    public var iou: Double
    /// At most this many detections are returned, best first.
    public var maxDetections: Int
    /// Every class above `confidence` makes a candidate (Ultralytics val),
    /// instead of only the best class of each anchor.
    public var multiLabel: Bool
    /// Only the best-scoring this many candidates enter NMS (`max_nms`).
    public var maxCandidates: Int

    public init(
        confidence: Float = 0.25, iou: Double = 0.7, maxDetections: Int = 300,
        multiLabel: Bool = false, maxCandidates: Int = 30000
    ) {
        self.confidence = confidence
        self.iou = iou
        self.maxDetections = maxDetections
        self.multiLabel = multiLabel
        self.maxCandidates = maxCandidates
    }
}
