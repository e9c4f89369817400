import Capture
import Detect
import Track

/// Detection (and, unless turned off, tracking) on the frames a source lends, for
/// `detect --source` and `capture --model`: the model's preprocessor converts each frame as
/// the daemon's capture thread does, and the daemon's tracker gives each detection its
/// `trackID`.
struct SourceFrameDetector {
    let detector: YOLODetector
    private let preprocessor: FramePreprocessor
    private let tracker: ObjectTracker?

    /// - Parameter tracking: the tracker's settings (its `highScore` is the detection
    ///   confidence), or nil for none. The detector must keep boxes down to
    ///   `detectorThreshold` for the tracker's second pass.
    init(detector: YOLODetector, tracking: TrackerSettings?, maxDetections: Int) throws {
        self.detector = detector
        preprocessor = try detector.makeFramePreprocessor()
        tracker = tracking.map { ObjectTracker(settings: $0, maxDetections: maxDetections) }
    }

    /// The settings `detect` and `capture` track with: the daemon's defaults, with the
    /// command's confidence as the high threshold.
    static func trackerSettings(confidence: Float, lowScore: Float) -> TrackerSettings {
        var settings = TrackerSettings()
        settings.highScore = confidence
        settings.lowScore = lowScore
        return settings
    }

    func detect(_ info: FrameInfo, _ bytes: RawSpan, into detections: inout [Detection]) throws -> DetectionTiming {
        let timing = try detector.detect(info, bytes, through: preprocessor, into: &detections)
        tracker?.update(&detections)
        return timing
    }
}
