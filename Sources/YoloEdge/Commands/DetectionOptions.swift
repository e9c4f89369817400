import ArgumentParser
import Detect

/// The non-maximum suppression settings of `detect`.
struct DetectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Keep detections whose score is above this.", valueName: "score"))
    var conf: Float = 0.25

    @Option(help: ArgumentHelp("IoU above which a lower-scored box of the same class is suppressed.", valueName: "iou"))
    var iou: Double = 0.7

    @Option(name: .customLong("max-det"), help: ArgumentHelp("Most detections per image.", valueName: "n"))
    var maxDetections = 300

    @Flag(name: .customLong("multi-label"), help: "Let one box carry several classes, as Ultralytics' validation does.")
    var multiLabel = false

    func validate() throws {
        try check("--conf", DetectorSettingRules.confidence(Double(conf)))
        try check("--iou", DetectorSettingRules.iou(iou))
        try check("--max-det", DetectorSettingRules.maxDetections(maxDetections))
    }

    var nms: NMSOptions {
        NMSOptions(confidence: conf, iou: iou, maxDetections: maxDetections, multiLabel: multiLabel)
    }
}
