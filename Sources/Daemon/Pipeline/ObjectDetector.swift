import Capture
import Detect
import Infer

/// Turns one frame into detections: the inference engine plus its decoding, thresholds and NMS.
///
/// `load` and `detect` run on the inference thread only. The detector owns its static arena
/// (the engine's input is in it); the daemon times `detect` itself, so it returns nothing but
/// the detections.
protocol ObjectDetector: AnyObject, Sendable {
    /// The frame storage this detector reads; it must be the source's `Frame`.
    associatedtype Frame: Sendable

    var model: ModelDescription { get }

    /// Copies what `detect` needs out of `frame`: the model input into the engine, and how it
    /// maps back to the source. Called in the newest-frame slot, whose buffer the capture
    /// thread refills next, so it must not keep `frame`'s storage, and must be quick.
    func load(_ frame: Frame)

    /// Appends at most `model.maxDetections` detections for the frame loaded last to
    /// `detections` (which the daemon empties first, keeping its capacity), with boxes in
    /// source pixels of `info`.
    func detect(info: PipelineFrameInfo, into detections: inout [Detection]) throws
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
