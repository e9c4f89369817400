import ArgumentParser
import FoundationEssentials
import Infer
import Quantizer

/// `outputs`: one engine run on a given float input, its raw outputs written out, so that a
/// converted model can be compared tensor by tensor with the FP32 model in ONNX Runtime
/// (`tools/score_models.py`). Hidden: a measuring tool, not a way to detect.
struct OutputsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outputs",
        abstract: "Run a model once on a float input file and write each output, dequantized to float32.",
        discussion: """
            The input is float32 NCHW [1, 3, H, W], RGB 0...1, at the model's own input size, \
            as tools/onnx/ort_reference.py writes it (input.bin). Each output is written to \
            DIR/N.bin as float32 in the engine's layout (NHWC for a converted model's per-scale \
            outputs); one line of JSON on stdout names them: {"outputs": [{"name", "file", "shape"}]}.
            """,
        shouldDisplay: false)

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: ArgumentHelp("The float32 NCHW input file.", valueName: "path"))
    var input: String

    @Option(name: .customLong("out"), help: ArgumentHelp("The folder to write the outputs to (it must exist).", valueName: "dir"))
    var directory: String

    struct Written: Encodable {
        var name: String
        var file: String
        var shape: [Int]
    }

    func run() throws {
        let graph = try ModelLoader.load(path: modelOptions.model)
        let engine = try Engine(graph: graph, options: EngineOptions(threads: modelOptions.threads))
        let inputTensor = graph.tensors[graph.inputs[0]]
        guard inputTensor.type == .int8, inputTensor.shape.count == 4, let quantization = inputTensor.quantization else {
            throw CommandFailure(description: "the model input is \(inputTensor.type.rawValue) \(inputTensor.shape), not int8 NHWC")
        }
        let bytes = try RegularFile.read(input, limit: inputTensor.elementCount * 4 + 1)
        guard bytes.count == inputTensor.elementCount * 4, let planar = FloatBytes.floats(from: bytes, count: inputTensor.elementCount) else {
            throw CommandFailure(description: "\(input): \(bytes.count) bytes, the model input \(inputTensor.shape) needs \(inputTensor.elementCount) floats")
        }
        let shape = inputTensor.shape, planarShape = [shape[0], shape[3], shape[1], shape[2]]
        engine.setInput(TensorIndexing.transpose(planar, shape: planarShape, permutation: [0, 2, 3, 1]).map(quantization.quantize))
        engine.run()
        var written: [Written] = []
        for (position, index) in graph.outputs.enumerated() {
            let tensor = graph.tensors[index]
            guard let outputQuantization = tensor.quantization else {
                throw CommandFailure(description: "output '\(tensor.name)' has no quantization")
            }
            let values = engine.withInt8Output(position) { span in (0..<span.count).map { outputQuantization.dequantize(span[$0]) } }
            let file = "\(position).bin"
            try ReplacingFileWriter.write(FloatBytes.bytes(of: values), to: "\(directory)/\(file)")
            written.append(Written(name: tensor.name, file: file, shape: tensor.shape))
        }
        print(String(decoding: try JSONEncoder().encode(["outputs": written]), as: UTF8.self))
    }
}
