import ArgumentParser
import Capture
import Detect
import Infer

/// `--size`: the model input size of `detect`, `eval`, `bench` and `inspect`.
struct InputSizeOption: ParsableArguments {
    @Option(
        name: .customLong("size"),
        help: ArgumentHelp(
            """
            Model input size: N for NxN, or WxH (e.g. 640x384 for 16:9 frames), multiples of 32. \
            Default: the model's own. A model made by `yolo-edge convert` runs at any such size; \
            a TFLite export only at the size it was exported for.
            """,
            valueName: "N|WxH"))
    var text: String?

    /// The size given, checked by `validate()`.
    var size: FrameSize? { text.flatMap(DetectorSettingRules.inputSize(parsing:)) }

    var request: InputSizeRequest { size.map { .fixed($0) } ?? .model }

    func validate() throws {
        guard let text else { return }
        guard let size else { throw ValidationError("--size must be N or WxH, e.g. 640 or 640x384, got '\(text)'") }
        try check("--size", DetectorSettingRules.inputSize(size))
    }
}

/// `--size` and `--rect`, for the commands that detect in images of many shapes.
struct ImageSizeOptions: ParsableArguments {
    @OptionGroup var inputSize: InputSizeOption

    @Flag(help: ArgumentHelp(
        "Letterbox each image to its own smallest rectangle in multiples of 32 (long side --size, or the model's), as Ultralytics' rect inference does.",
        discussion: "A model made by `yolo-edge convert` is planned once per rectangle it meets; a TFLite export keeps its own size."))
    var rect = false

    func makeDetectors(graph: Graph, threads: Int, nms: NMSOptions) throws -> ImageDetectors {
        try ImageDetectors(
            graph: graph, size: inputSize.size, shaping: rect ? .perImage : .fixed, threads: threads, nms: nms)
    }
}
