import Capture
import Infer

/// A YOLOv8 model ready to detect objects: its layout checked, the engine with its static
/// arena, the head that decodes its outputs and the class names. Every buffer is made at init
/// (the image letterboxer at the first image); one detector serves one thread.
///
/// The ways in differ only in how the model input is filled: letterboxing an RGB image,
/// converting a camera frame in one pass, or copying an input a pipeline prepared.
public final class YOLODetector {
    public let classNames: [String]
    public let inputWidth: Int
    public let inputHeight: Int
    public let inputQuantization: InputQuantizationTable
    /// The model's largest stride when it runs at any multiple of it (a converted model); nil
    /// when it is fixed at its export size (a TFLite export).
    public let largestStride: Int?
    /// What a person should know about the model before trusting its output, e.g. that it has
    /// no class names; empty for a complete model.
    public let warnings: [String]
    private let engine: Engine
    private var decoder: DetectionDecoder
    private var letterboxer: Letterboxer?
    private let clock = ContinuousClock()

    public init(graph: Graph, size: InputSizeRequest, threads: Int, nms: NMSOptions) throws {
        let layout = try DetectionModelLayout(graph: graph, size: size)
        inputWidth = layout.width
        inputHeight = layout.height
        largestStride = layout.largestStride
        classNames = layout.classNames
        warnings = layout.hasOwnClassNames ? [] : [
            "the model carries no class names (its metadata is missing, cut short or unreadable); "
                + "detections are labelled class0 to class\(layout.classNames.count - 1)"
        ]
        inputQuantization = try InputQuantizationTable(layout.inputQuantization)
        engine = try Engine(graph: layout.graph, options: EngineOptions(threads: threads))
        decoder = try layout.makeDecoder(options: nms)
    }

    public func label(of classID: Int) -> String {
        classNames.indices.contains(classID) ? classNames[classID] : "class\(classID)"
    }

    /// Detects objects in `image`; boxes are in the image's pixels.
    public func detect(_ image: RGBImage, into detections: inout [Detection]) throws -> DetectionTiming {
        let start = clock.now
        if letterboxer == nil {
            letterboxer = try Letterboxer(inputWidth: inputWidth, inputHeight: inputHeight, quantization: inputQuantization)
        }
        let transform = try engine.withInt8Input { try letterboxer!.letterbox(image, into: $0) }
        return try infer(transform: transform, since: start, into: &detections)
    }

    /// A one-pass converter from camera frames (YUYV, NV12, MJPEG, RGB) into this model's input.
    public func makeFramePreprocessor() throws -> FramePreprocessor {
        try FramePreprocessor(inputWidth: inputWidth, inputHeight: inputHeight, quantization: inputQuantization)
    }

    /// Detects objects in a frame a source lends; boxes are in the frame's pixels.
    public func detect(
        _ info: FrameInfo, _ frame: RawSpan, through preprocessor: FramePreprocessor, into detections: inout [Detection]
    ) throws -> DetectionTiming {
        let start = clock.now
        let transform = try engine.withInt8Input { try preprocessor.preprocess(info, frame, into: $0) }
        return try infer(transform: transform, since: start, into: &detections)
    }

    /// Copies a model input already converted (by `makeFramePreprocessor()`'s converter on
    /// another thread) into the engine, for `detectLoaded`. The caller may reuse `modelInput`
    /// at once.
    public func load(modelInput: [Int8]) {
        engine.setInput(modelInput)
    }

    /// Detects objects in the input `load(modelInput:)` copied in; boxes are in source pixels
    /// through `transform`.
    @discardableResult
    public func detectLoaded(transform: LetterboxTransform, into detections: inout [Detection]) throws -> DetectionTiming {
        try infer(transform: transform, since: clock.now, into: &detections)
    }

    /// Runs the engine on the input already in place and decodes the head.
    private func infer(
        transform: LetterboxTransform, since start: ContinuousClock.Instant, into detections: inout [Detection]
    ) throws -> DetectionTiming {
        let preprocessed = clock.now
        engine.run()
        let inferred = clock.now
        try decoder.decode(engine, transform: transform, into: &detections)
        let decoded = clock.now
        return DetectionTiming(
            preprocess: Self.milliseconds(preprocessed - start),
            inference: Self.milliseconds(inferred - preprocessed),
            postprocess: Self.milliseconds(decoded - inferred))
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) * 1e-15
    }
}
