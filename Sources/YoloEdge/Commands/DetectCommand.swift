import ArgumentParser
import Capture
import Daemon
import Detect
import Dispatch
import Infer
import Track

struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Detect objects in JPEG images.",
        discussion: """
            Each image is letterboxed to the model input (aspect kept, grey 114 padding), \
            run through the INT8 model, and filtered by class-wise non-maximum suppression. \
            Boxes are in the source image's pixels as [x1, y1, x2, y2]. With --source, \
            frames come from a camera or another source (see `yolo-edge capture --help`) and \
            are named SPEC#SEQUENCE, and a tracker (ByteTrack-style, as the daemon's) gives \
            each detection a track_id that stays with the object across frames; detections \
            between --track-low-score and --conf are then used to continue tracks and \
            printed only when they do.

            With --json, one JSON object per image and line:
              {"image":PATH,"width":W,"height":H,"detections":[{"track_id":T,"class_id":I,"label":S,
               "score":F,"box":[x1,y1,x2,y2]}],"timing_ms":{"preprocess":F,"inference":F,
               "postprocess":F}}

            With --annotate OUT_DIR, each image is also written to OUT_DIR as a JPEG with its \
            boxes and labels (class, #track ID from a tracker, score) drawn as the daemon's \
            snapshots draw them: OUT_DIR/NAME.jpg for an image file NAME.jpg (files of one \
            name in different folders overwrite each other), OUT_DIR/frame-SEQUENCE.jpg for a \
            frame of --source. OUT_DIR is created if missing.

            For COCO-style evaluation use --conf 0.001 --iou 0.7 --max-det 300 --multi-label \
            (or `yolo-edge eval`).
            """)

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var detectionOptions: DetectionOptions
    @OptionGroup var sizeOptions: ImageSizeOptions

    @Flag(help: "Print one JSON line per image instead of a table.")
    var json = false

    @Option(help: ArgumentHelp(
        "Also write each image or frame with its detections drawn, as JPEG, into this folder (created if missing).",
        valueName: "out-dir"))
    var annotate: String?

    @Option(help: ArgumentHelp(
        "Detect in frames from a source instead of image files: \(SourceSpec.syntax).",
        valueName: "spec"))
    var source: String?

    @Option(help: ArgumentHelp("With --source: frames to detect in (default 1).", valueName: "n"))
    var frames = 1

    @Option(help: ArgumentHelp("With --source: give up after this many seconds without enough frames.", valueName: "seconds"))
    var timeout = 30.0

    @Flag(help: "With --source: no tracking, no track_id; every detection above --conf is printed.")
    var noTracking = false

    @Option(help: ArgumentHelp(
        "With --source: detections from this score up to --conf only continue tracks (ByteTrack's second association).",
        valueName: "score"))
    var trackLowScore: Float = TrackerSettings().lowScore

    @Argument(help: ArgumentHelp("JPEG images.", valueName: "image"))
    var images: [String] = []

    func validate() throws {
        guard images.isEmpty != (source == nil) else {
            throw ValidationError("give either image files or --source")
        }
        guard frames >= 1 else { throw ValidationError("--frames must be at least 1") }
        guard (0...1).contains(trackLowScore) else {
            throw ValidationError("--track-low-score must be from 0 to 1, got \(trackLowScore)")
        }
        guard timeout > 0 && timeout <= 86_400 else {
            throw ValidationError("--timeout must be more than 0 and at most 86400 seconds, got \(timeout)")
        }
        // A spec that cannot be understood is told before the model loads.
        if let source {
            do {
                _ = try SourceSpec(parsing: source)
            } catch {
                throw ValidationError("--source: \(error)")
            }
        }
    }

    func run() throws {
        let graph = try ModelLoader.load(path: modelOptions.model)
        var nms = detectionOptions.nms
        if let trackerSettings { nms.confidence = trackerSettings.detectorThreshold }
        let detectors = try sizeOptions.makeDetectors(graph: graph, threads: modelOptions.threads, nms: nms)
        let detector = detectors.first
        for warning in detector.warnings { StandardError.write("warning: \(modelOptions.model): \(warning)\n") }
        let annotation = try annotate.map { try AnnotationOutput(directory: $0, classNames: detector.classNames) }
        if let source {
            try detect(from: source, with: detector, annotation: annotation)
            return
        }
        let decoder = try JPEGDecoder()
        var image = RGBImage()
        var detections: [Detection] = []
        var failures = 0
        for path in images {
            do {
                try decoder.decodeFile(atPath: path, into: &image)
                let detector = try detectors.detector(forWidth: image.width, height: image.height)
                let timing = try detector.detect(image, into: &detections)
                if json {
                    print(DetectionRecord.jsonLine(
                        image: path, width: image.width, height: image.height, detections: detections,
                        label: detector.label(of:), timing: timing))
                } else {
                    printTable(
                        path: path, width: image.width, height: image.height, detections: detections,
                        detector: detector, timing: timing)
                }
                try annotation?.write(&image, detections: detections, imagePath: path)
            } catch {
                failures += 1
                // A file's own errors name it already.
                StandardError.write(error is JPEGError ? "error: \(error)\n" : "error: \(path): \(error)\n")
            }
        }
        if failures > 0 {
            throw ExitCode(failures == images.count ? 1 : 2)
        }
    }

    /// The tracker's settings, when frames come from a source and tracking is on.
    private var trackerSettings: TrackerSettings? {
        guard source != nil, !noTracking else { return nil }
        return SourceFrameDetector.trackerSettings(confidence: detectionOptions.conf, lowScore: trackLowScore)
    }

    /// Detects in `frames` frames of a source; each is reported like an image
    /// named `SPEC#SEQUENCE`.
    private func detect(from spec: String, with detector: YOLODetector, annotation: AnnotationOutput? = nil) throws {
        let stopSignal = StopSignal()
        let frameSource = try SourceSpec(parsing: spec).makeSource(stopSignal: stopSignal)
        let frameDetector = try SourceFrameDetector(
            detector: detector, tracking: trackerSettings, maxDetections: detectionOptions.maxDetections)
        // A camera that never delivers would otherwise be retried forever.
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { stopSignal.stop() }
        var detections: [Detection] = []
        var done = 0
        while done < frames {
            let report: Void? = try frameSource.withNextFrame { info, bytes in
                let timing = try frameDetector.detect(info, bytes, into: &detections)
                let name = "\(spec)#\(info.sequence)"
                if json {
                    print(DetectionRecord.jsonLine(
                        image: name, width: info.width, height: info.height, detections: detections,
                        label: detector.label(of:), timing: timing))
                } else {
                    printTable(path: name, width: info.width, height: info.height, detections: detections,
                        detector: detector, timing: timing)
                }
                try annotation?.write(info, bytes, detections: detections)
            }
            guard report != nil else { break }
            done += 1
        }
        stopSignal.stop()
        if done < frames {
            throw CommandFailure(description: "\(spec) gave \(done) of \(frames) frames within \(timeout) s (see `yolo-edge capture --source \(spec)`)")
        }
    }

    private func printTable(
        path: String, width: Int, height: Int, detections: [Detection], detector: YOLODetector,
        timing: DetectionTiming
    ) {
        let times = String(
            printf: "%.1f + %.1f + %.1f ms", timing.preprocess, timing.inference, timing.postprocess)
        print("\(path) (\(width)x\(height)): \(detections.count) detections, \(times)")
        for detection in detections {
            let box = detection.box
            let name = detector.label(of: detection.classID) + (detection.trackID.map { " #\($0)" } ?? "")
            print("  " + name.padded(to: 16) + String(
                printf: " %.3f  [%.1f, %.1f, %.1f, %.1f]", detection.score, box.x1, box.y1, box.x2, box.y2))
        }
    }
}
