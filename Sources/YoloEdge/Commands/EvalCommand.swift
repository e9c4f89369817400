import ArgumentParser
import Capture
import Detect
import Evaluation
import FoundationEssentials
import Infer

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure COCO-style mAP on labelled images.",
        discussion: """
            Runs the model on every JPEG in --images and scores the detections against the \
            YOLO-format label files in --labels (one `class cx cy w h` line per object, \
            normalised to 0..1; an image without a label file has no objects). Reports \
            mAP@0.5:0.95 and mAP@0.5 computed as pycocotools' COCOeval does (101-point \
            interpolation, up to 100 detections per image and class, all areas).

            The defaults are Ultralytics' validation settings: --conf 0.001, --iou 0.7, \
            --max-det 300, multi-label boxes. To score detections made earlier, pass the \
            output of `yolo-edge detect --json` with --detections instead of a model.
            """)

    @Option(help: ArgumentHelp("The model (.tflite or .yem); not needed with --detections.", valueName: "path"))
    var model: String?

    @Option(help: ArgumentHelp("Worker threads for inference.", valueName: "n"))
    var threads = 1

    @OptionGroup var sizeOptions: ImageSizeOptions

    @Option(help: ArgumentHelp("Folder of JPEG images to detect in.", valueName: "dir"))
    var images: String?

    @Option(help: ArgumentHelp("Score these `detect --json` lines instead of running a model.", valueName: "file"))
    var detections: String?

    @Option(help: ArgumentHelp("Folder of YOLO label files, named like the images with .txt.", valueName: "dir"))
    var labels: String

    @Option(help: ArgumentHelp("Keep detections whose score is above this.", valueName: "score"))
    var conf: Float = 0.001

    @Option(help: ArgumentHelp("Class-wise NMS IoU threshold.", valueName: "iou"))
    var iou: Double = 0.7

    @Option(name: .customLong("max-det"), help: ArgumentHelp("Most detections per image.", valueName: "n"))
    var maxDetections = 300

    @Flag(name: .customLong("multi-label"), inversion: .prefixedNo, help: "Let one box carry several classes.")
    var multiLabel = true

    @Flag(help: "Print {\"images\":N,\"map50_95\":F,\"map50\":F} instead of text.")
    var json = false

    @Flag(name: .customLong("per-class"), help: "Also list the AP of each class.")
    var perClass = false

    func validate() throws {
        switch (model, images, detections) {
        case (.some, .some, nil), (nil, nil, .some): break
        default:
            throw ValidationError("give either --model and --images, or --detections")
        }
        try check("--threads", DetectorSettingRules.threads(threads))
        try check("--conf", DetectorSettingRules.confidence(Double(conf)))
        try check("--iou", DetectorSettingRules.iou(iou))
        try check("--max-det", DetectorSettingRules.maxDetections(maxDetections))
    }

    func run() throws {
        let records: [DetectionRecord]
        var names: [String] = []
        if let detections {
            records = try DetectionRecord.readJSONLines(atPath: detections)
        } else if let model, let images {
            let detectors = try sizeOptions.makeDetectors(
                graph: try ModelLoader.load(path: model), threads: threads,
                nms: NMSOptions(confidence: conf, iou: iou, maxDetections: maxDetections, multiLabel: multiLabel))
            names = detectors.first.classNames
            records = try detect(with: detectors, in: images)
        } else {
            return
        }
        let result = try COCOEvaluator().evaluate(
            EvaluationSet(records: records, labels: YOLOLabelDirectory(path: labels)))
        if json {
            print("{\"images\":\(result.images),\"map50_95\":\(result.map50_95),\"map50\":\(result.map50)}")
        } else {
            print(String(printf: "images %ld  mAP50-95 %.4f  mAP50 %.4f", result.images, result.map50_95, result.map50))
        }
        if perClass {
            for entry in result.perClass {
                let name = names.indices.contains(entry.classID) ? names[entry.classID] : "class\(entry.classID)"
                print(String(printf: "  %3ld ", entry.classID) + name.padded(to: 16) + String(
                    printf: " AP50-95 %.4f  AP50 %.4f  objects %ld", entry.ap50_95, entry.ap50, entry.objects))
            }
        }
    }

    private func detect(with detectors: ImageDetectors, in folder: String) throws -> [DetectionRecord] {
        let files: [String]
        do {
            files = try JPEGDirectory.files(in: folder)
        } catch {
            throw CommandFailure(description: "--images: \(error)")
        }
        let decoder = try JPEGDecoder()
        var image = RGBImage()
        var detections: [Detection] = []
        var records: [DetectionRecord] = []
        for path in files {
            try decoder.decodeFile(atPath: path, into: &image)
            let detector = try detectors.detector(forWidth: image.width, height: image.height)
            let timing = try detector.detect(image, into: &detections)
            records.append(DetectionRecord(
                image: path, width: image.width, height: image.height, detections: detections,
                label: detector.label(of:), timing: timing))
        }
        return records
    }
}
