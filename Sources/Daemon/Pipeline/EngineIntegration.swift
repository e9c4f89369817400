/// The integration point between the daemon and the real frame sources and inference engine.
///
/// The capture layer (`Sources/Capture`) and the engine (`Sources/Infer`) are adapted to
/// `PipelineSource` and `ObjectDetector` here: `factory` opens the source named by
/// `config.source`, loads `config.model` with `config.size`, `config.threads` and
/// `config.detection`, and returns them as `PipelineComponents(source:detector:)`.
/// Until that adaptation lands, `yolo-edge run` stops with this error after validating its config.
enum EngineIntegration {
    struct NotIntegrated: Error, CustomStringConvertible {
        var description: String {
            "this build has no inference engine or frame source wired into the daemon yet"
        }
    }

    static let factory: PipelineFactory = { _ in throw NotIntegrated() }
}
