import ArgumentParser

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
        guard threads >= 1 && threads <= 64 else {
            throw ValidationError("--threads must be between 1 and 64, got \(threads)")
        }
    }
}
