import Capture
import Detect
import Infer

/// Turns one frame into detections: the inference engine plus its decoding, thresholds and NMS.
///
/// `detect` runs on the inference thread only. The detector owns its static arena; the daemon
/// times the call itself, so it returns nothing but the detections.
protocol ObjectDetector: AnyObject, Sendable {
    /// The frame storage this detector reads; it must be the source's `Frame`.
    associatedtype Frame: Sendable

    var model: ModelDescription { get }

    /// Appends at most `model.maxDetections` detections for `frame` to `detections` (which the
    /// daemon empties first, keeping its capacity), with boxes in source pixels of `info`.
    func detect(_ frame: Frame, info: PipelineFrameInfo, into detections: inout [Detection]) throws
}

/// What clients are told about the model in `hello`.
struct ModelDescription: Sendable, Equatable {
    /// Short model name, e.g. `yolov8n`.
    var name: String
    /// Input size in pixels (letterboxed frames are this size).
    var inputSize: FrameSize
    /// Class names indexed by class id.
    var classNames: [String]
    /// Upper bound on detections per frame; the daemon preallocates buffers of this size.
    var maxDetections: Int
    /// What the log should say about the model when it is loaded (e.g. no class names).
    var warnings: [String] = []

    /// The model and the size it runs at, for logs: `yolov8n at 640x384`.
    var summary: String { "\(name) at \(inputSize)" }
}
