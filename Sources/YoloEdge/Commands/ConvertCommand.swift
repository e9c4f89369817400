import ArgumentParser
import Infer

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Write a model in yolo-edge's own file format (.yem); quantize FP32 ONNX models to INT8.",
        discussion: """
            From a .tflite (Ultralytics full-integer export) or .yem: writes the engine's graph \
            with 64-byte-aligned weights, versioned and checksummed.

            From an FP32 YOLOv8 ONNX export (with --calib): post-training quantization to an \
            integer-only INT8 graph. Activations get one asymmetric int8 scale per tensor from \
            their range on the calibration images (--method); convolution weights get one \
            symmetric scale per output channel; SiLU is an exact 256-entry table. Each \
            convolution's int32 bias is then corrected, layer by layer, so that its mean output \
            on the calibration images matches FP32; the corrected graph is kept only if its \
            outputs are closer to FP32 on calibration images (--no-bias-correction skips it). The graph ends \
            in per-scale box and class outputs; yolo-edge decodes them itself. The file runs at \
            any input size that is a multiple of 32 (detect/run --size).
            """)

    @Argument(help: ArgumentHelp("The model to convert (.tflite, .yem, or .onnx with --calib).", valueName: "model"))
    var input: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the .yem file.", valueName: "path"))
    var output: String

    @OptionGroup(title: "Quantizing an ONNX model")
    var quantization: QuantizationOptions

    func validate() throws {
        try quantization.validate(forONNX: isONNX)
    }

    private var isONNX: Bool { input.lowercased().hasSuffix(".onnx") || quantization.calibrationDirectory != nil }

    func run() throws {
        let graph: Graph
        if isONNX {
            graph = try ONNXQuantizationRun(options: quantization, modelPath: input).run()
        } else {
            graph = try ModelLoader.load(path: input)
        }
        try ModelFileWriter.write(graph, to: output)
        let reloaded = try ModelLoader.load(path: output)
        print("wrote \(output): \(reloaded.nodes.count) nodes, \(reloaded.tensors.count) tensors, \(reloaded.metadata.classNames.count) classes")
    }
}
