import ArgumentParser
import Detect

/// The model a command runs.
struct ModelOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The model: an Ultralytics TFLite full-integer export (.tflite) or a model made by `yolo-edge convert` (.yem).",
            valueName: "path"))
    var model: String

    @Option(
        name: .long,
        help: ArgumentHelp("Worker threads for inference.", valueName: "n"))
    var threads: Int = 1

    func validate() throws {
        try check("--threads", DetectorSettingRules.threads(threads))
    }
}
