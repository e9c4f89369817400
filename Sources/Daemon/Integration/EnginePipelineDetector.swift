import Capture
import Detect
import FoundationEssentials
import Infer

/// The YOLO detector seen by the pipeline: it runs on inputs the capture thread converted.
///
/// `@unchecked Sendable`: `load` and `detect` run on the inference thread only; the detector is
/// never touched from anywhere else.
final class EnginePipelineDetector: ObjectDetector, @unchecked Sendable {
    let model: ModelDescription
    private let detector: YOLODetector
    /// How the loaded input maps back to the source; nil for a frame the source could not convert.
    private var transform: LetterboxTransform?

    init(modelPath: String, graph: Graph, size: InputSizeRequest, threads: Int, options: NMSOptions) throws {
        detector = try YOLODetector(graph: graph, size: size, threads: threads, nms: options)
        model = ModelDescription(
            name: URL(fileURLWithPath: modelPath).deletingPathExtension().lastPathComponent,
            inputSize: FrameSize(width: detector.inputWidth, height: detector.inputHeight), classNames: detector.classNames, maxDetections: options.maxDetections,
            warnings: detector.warnings)
    }

    /// The converter the capture thread fills this detector's inputs with.
    func makeFramePreprocessor() throws -> FramePreprocessor { try detector.makeFramePreprocessor() }

    func load(_ frame: ModelInputFrame) {
        transform = frame.transform
        if transform != nil { detector.load(modelInput: frame.tensor) }
    }

    func detect(info: PipelineFrameInfo, into detections: inout [Detection]) throws {
        guard let transform else { return }
        try detector.detectLoaded(transform: transform, into: &detections)
    }
}
