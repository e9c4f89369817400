import Capture
import Infer

/// How long each stage of one detection took, in milliseconds.
struct DetectionTiming: Sendable, Equatable {
    var preprocess: Double
    var inference: Double
    var postprocess: Double
}

/// A model ready to detect objects in RGB images: letterbox into the input
/// tensor, run the engine, decode the head. Every buffer is made at init; one
/// detector serves one thread.
final class ImageDetector {
    let engine: Engine
    let classNames: [String]
    let inputWidth: Int
    let inputHeight: Int
    private var letterboxer: Letterboxer
    private let inputQuantization: InputQuantizationTable
    private var decoder: DetectionDecoder
    private let clock = ContinuousClock()

    /// - Parameter size: the square input size asked for, or nil for the model's own.
    init(graph: Graph, size: Int?, threads: Int, nms: NMSOptions) throws {
        let layout = try DetectionModelLayout(graph: graph, size: size)
        inputWidth = layout.width
        inputHeight = layout.height
        classNames = layout.classNames
        engine = try Engine(graph: layout.graph, options: EngineOptions(threads: threads))
        inputQuantization = try InputQuantizationTable(layout.inputQuantization)
        letterboxer = try Letterboxer(inputWidth: inputWidth, inputHeight: inputHeight, quantization: inputQuantization)
        decoder = try layout.makeDecoder(for: engine, options: nms)
    }

    func label(of classID: Int) -> String {
        classNames.indices.contains(classID) ? classNames[classID] : "class\(classID)"
    }

    /// Detects objects in `image`; boxes are in the image's pixels.
    func detect(_ image: RGBImage, into detections: inout [Detection]) throws -> DetectionTiming {
        let start = clock.now
        let transform = try engine.withInt8Input { try letterboxer.letterbox(image, into: $0) }
        return try infer(transform: transform, since: start, into: &detections)
    }

    /// Runs the engine on the input already in place and decodes the head.
    private func infer(
        transform: LetterboxTransform, since start: ContinuousClock.Instant, into detections: inout [Detection]
    ) throws -> DetectionTiming {
        let preprocessed = clock.now
        engine.run()
        let inferred = clock.now
        try decoder.decode(transform: transform, into: &detections)
        let decoded = clock.now
        return DetectionTiming(
            preprocess: Self.milliseconds(preprocessed - start),
            inference: Self.milliseconds(inferred - preprocessed),
            postprocess: Self.milliseconds(decoded - inferred))
    }

    /// A one-pass converter from camera frames (YUYV, NV12, MJPEG, RGB) into this model's input.
    func makeFramePreprocessor() throws -> FramePreprocessor {
        try FramePreprocessor(inputWidth: inputWidth, inputHeight: inputHeight, quantization: inputQuantization)
    }

    /// Detects objects in a frame a source lends; boxes are in the frame's pixels.
    func detect(
        _ info: FrameInfo, _ frame: RawSpan, through preprocessor: FramePreprocessor, into detections: inout [Detection]
    ) throws -> DetectionTiming {
        let start = clock.now
        let transform = try engine.withInt8Input { try preprocessor.preprocess(info, frame, into: $0) }
        return try infer(transform: transform, since: start, into: &detections)
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) * 1e-15
    }
}
