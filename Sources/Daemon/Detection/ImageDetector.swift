import Capture
import Infer

/// How long each stage of one detection took, in milliseconds.
struct DetectionTiming: Sendable, Equatable {
    var preprocess: Double
    var inference: Double
    var postprocess: Double
}

/// Why a model cannot be used for detection.
struct DetectorSetupError: Error, CustomStringConvertible {
    let description: String
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
    private var head: DetectionHead
    private let clock = ContinuousClock()

    /// - Parameter size: the square input size asked for, or nil for the model's own.
    init(graph: Graph, size: Int?, threads: Int, nms: NMSOptions) throws {
        let input = graph.tensors[graph.inputs[0]]
        guard input.type == .int8, input.shape.count == 4, input.shape[0] == 1, input.shape[3] == 3,
            let inputQuantization = input.quantization
        else {
            throw DetectorSetupError(description: """
                the model input is \(input.type.rawValue) \(input.shape); yolo-edge needs a full-integer \
                model with an int8 [1, height, width, 3] input (Ultralytics: `yolo export format=tflite int8=True`, \
                file *_full_integer_quant.tflite)
                """)
        }
        inputHeight = input.shape[1]
        inputWidth = input.shape[2]
        if let size, size != inputWidth || size != inputHeight {
            throw DetectorSetupError(description: """
                --size \(size) does not match this model, whose input is fixed at \(inputWidth)x\(inputHeight)
                """)
        }
        let output = graph.tensors[graph.outputs[0]]
        guard output.type == .int8, let outputQuantization = output.quantization else {
            throw DetectorSetupError(description: "the model output is \(output.type.rawValue); an int8 output is needed")
        }
        engine = try Engine(graph: graph, options: EngineOptions(threads: threads))
        letterboxer = try Letterboxer(
            inputWidth: inputWidth, inputHeight: inputHeight,
            quantization: try InputQuantizationTable(inputQuantization))
        head = try DetectionHead(
            outputShape: output.shape, quantization: outputQuantization,
            boxUnits: Self.boxUnits(of: outputQuantization), options: nms)
        let classCount = output.shape.count == 3 ? output.shape[1] - 4 : 0
        classNames = graph.metadata.classNames.count == classCount
            ? graph.metadata.classNames : (0..<classCount).map { "class\($0)" }
    }

    /// One int8 tensor holds boxes and scores (0...1). If its range tops out
    /// near 1, the boxes are fractions of the input (TFLite exports); pixel
    /// boxes (ONNX exports) need a range of hundreds.
    static func boxUnits(of quantization: Quantization) -> DetectionHead.BoxUnits {
        let largest = quantization.scale * Float(127 - quantization.zeroPoint)
        return largest < 2 ? .normalized : .pixels
    }

    func label(of classID: Int) -> String {
        classNames.indices.contains(classID) ? classNames[classID] : "class\(classID)"
    }

    /// Detects objects in `image`; boxes are in the image's pixels.
    func detect(_ image: RGBImage, into detections: inout [Detection]) throws -> DetectionTiming {
        let start = clock.now
        let transform = try engine.withInt8Input { try letterboxer.letterbox(image, into: $0) }
        let preprocessed = clock.now
        engine.run()
        let inferred = clock.now
        try engine.withInt8Output { try head.decode(output: $0, transform: transform, into: &detections) }
        let decoded = clock.now
        return DetectionTiming(
            preprocess: Self.milliseconds(preprocessed - start),
            inference: Self.milliseconds(inferred - preprocessed),
            postprocess: Self.milliseconds(decoded - inferred))
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) * 1e-15
    }
}
