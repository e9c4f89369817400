import Capture
import Detect
import Infer
import Logging

/// Builds the daemon's pipeline from a config: loads the model, opens the
/// frame source named by `config.source` and gives it a one-pass
/// preprocessor into the model's input. Runs at start and on every SIGHUP.
enum EngineIntegration {
    static let factory: PipelineFactory = { config in
        let components = try makeComponents(config)
        // Loading frees megabytes of parsed model in small blocks; give their pages back.
        ProcessMemory.returnFreedHeapPages()
        return components
    }

    private static func makeComponents(_ config: DaemonConfig) throws -> PipelineComponents {
        let graph = try ModelLoader.load(path: config.model)
        let spec = try SourceSpec(parsing: config.source)
        let detector = try EnginePipelineDetector(
            modelPath: config.model, graph: graph, size: config.size.request(frameSize: spec.expectedFrameSize()),
            threads: config.threads,
            options: NMSOptions(
                confidence: config.detectorConfidence, iou: config.detection.iou,
                maxDetections: config.detection.maxDetections))
        let analysis = try FrameAnalysis.make(config, classNames: detector.model.classNames)
        let snapshots = config.snapshots.enabled ? SnapshotStore(maxDetections: config.detection.maxDetections) : nil
        let preprocessor = try detector.makeFramePreprocessor()
        let stream = try config.streamSettings()
        let capture = try spec.makeSource(stream: stream)
        // What clients (`hello`) and logs are shown: the spec as written, a URL's password hidden.
        let name = if case .gstreamer(let pipeline) = spec { pipeline.displayName } else { config.source }
        if let reporting = capture as? any CaptureEventReporting {
            let log = CaptureEventLog(sourceName: name, logger: Logger(label: "yolo-edge"))
            reporting.onEvent = { log.record($0) }
        }
        let source = CapturePipelineSource(
            name: name, source: capture, spec: spec, stream: stream, preprocessor: preprocessor, snapshots: snapshots)
        return PipelineComponents(source: source, detector: detector, analysis: analysis, snapshots: snapshots)
    }
}
