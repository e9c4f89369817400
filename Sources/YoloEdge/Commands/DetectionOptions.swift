import ArgumentParser
import Detect

/// Input size and non-maximum suppression settings shared by `detect`.
struct DetectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Model input size in pixels (square). Default: the model's own; a TFLite export only runs at the size it was exported for.",
        valueName: "pixels"))
    var size: Int?

    @Option(help: ArgumentHelp("Keep detections whose score is above this.", valueName: "score"))
    var conf: Float = 0.25

    @Option(help: ArgumentHelp("IoU above which a lower-scored box of the same class is suppressed.", valueName: "iou"))
    var iou: Double = 0.7

    @Option(name: .customLong("max-det"), help: ArgumentHelp("Most detections per image.", valueName: "n"))
    var maxDetections = 300

    @Flag(name: .customLong("multi-label"), help: "Let one box carry several classes, as Ultralytics' validation does.")
    var multiLabel = false

    func validate() throws {
        if let size { try check("--size", DetectorSettingRules.size(size)) }
        try check("--conf", DetectorSettingRules.confidence(Double(conf)))
        try check("--iou", DetectorSettingRules.iou(iou))
        try check("--max-det", DetectorSettingRules.maxDetections(maxDetections))
    }

    var nms: NMSOptions {
        NMSOptions(confidence: conf, iou: iou, maxDetections: maxDetections, multiLabel: multiLabel)
    }
}
