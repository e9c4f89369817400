import Capture
import FoundationEssentials
import Infer

/// The INT8 engine and detection head seen by the pipeline.
///
/// `@unchecked Sendable`: `detect` runs on the inference thread only; the
/// engine and head are never touched from anywhere else.
final class EnginePipelineDetector: ObjectDetector, @unchecked Sendable {
    let model: ModelDescription
    private let engine: Engine
    private var decoder: DetectionDecoder

    /// The model's input geometry and quantization, for the source's preprocessor.
    let inputWidth: Int
    let inputHeight: Int
    let inputQuantization: InputQuantizationTable

    init(modelPath: String, graph: Graph, size: Int, threads: Int, options: NMSOptions) throws {
        let layout = try DetectionModelLayout(graph: graph, size: size)
        inputWidth = layout.width
        inputHeight = layout.height
        inputQuantization = try InputQuantizationTable(layout.inputQuantization)
        engine = try Engine(graph: layout.graph, options: EngineOptions(threads: threads))
        decoder = try layout.makeDecoder(for: engine, options: options)
        model = ModelDescription(
            name: URL(fileURLWithPath: modelPath).deletingPathExtension().lastPathComponent,
            inputSize: layout.width, classNames: layout.classNames, maxDetections: options.maxDetections)
    }

    func detect(_ frame: ModelInputFrame, info: PipelineFrameInfo, into detections: inout [Detection]) throws {
        guard let transform = frame.transform else { return }
        engine.setInput(frame.tensor)
        engine.run()
        try decoder.decode(transform: transform, into: &detections)
    }
}
