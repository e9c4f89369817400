import ArgumentParser
import Capture
import Daemon
import Detect
import Dispatch
import Infer

struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Detect objects in JPEG images.",
        discussion: """
            Each image is letterboxed to the model input (aspect kept, grey 114 padding), \
            run through the INT8 model, and filtered by class-wise non-maximum suppression. \
            Boxes are in the source image's pixels as [x1, y1, x2, y2]. With --source, \
            frames come from a camera or another source (see `yolo-edge capture --help`) and \
            are named SPEC#SEQUENCE.

            With --json, one JSON object per image and line:
              {"image":PATH,"width":W,"height":H,"detections":[{"class_id":I,"label":S,
               "score":F,"box":[x1,y1,x2,y2]}],"timing_ms":{"preprocess":F,"inference":F,
               "postprocess":F}}

            For COCO-style evaluation use --conf 0.001 --iou 0.7 --max-det 300 --multi-label \
            (or `yolo-edge eval`).
            """)

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var detectionOptions: DetectionOptions

    @Flag(help: "Print one JSON line per image instead of a table.")
    var json = false

    @Option(help: ArgumentHelp(
        "Detect in frames from a source instead of image files: /dev/videoN, /dev/v4l/by-id/..., images:DIR, a JPEG file, or raw:PATH:WIDTHxHEIGHT:yuyv|nv12.",
        valueName: "spec"))
    var source: String?

    @Option(help: ArgumentHelp("With --source: frames to detect in (default 1).", valueName: "n"))
    var frames = 1

    @Option(help: ArgumentHelp("With --source: give up after this many seconds without enough frames.", valueName: "seconds"))
    var timeout = 30.0

    @Argument(help: ArgumentHelp("JPEG images.", valueName: "image"))
    var images: [String] = []

    func validate() throws {
        guard images.isEmpty != (source == nil) else {
            throw ValidationError("give either image files or --source")
        }
        guard frames >= 1 else { throw ValidationError("--frames must be at least 1") }
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
        let detector = try YOLODetector(
            graph: graph, size: detectionOptions.size, threads: modelOptions.threads, nms: detectionOptions.nms)
        for warning in detector.warnings { StandardError.write("warning: \(modelOptions.model): \(warning)\n") }
        if let source {
            try detect(from: source, with: detector)
            return
        }
        let decoder = try JPEGDecoder()
        var image = RGBImage()
        var detections: [Detection] = []
        var failures = 0
        for path in images {
            do {
                try decoder.decodeFile(atPath: path, into: &image)
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

    /// Detects in `frames` frames of a source; each is reported like an image
    /// named `SPEC#SEQUENCE`.
    private func detect(from spec: String, with detector: YOLODetector) throws {
        let stopSignal = StopSignal()
        let frameSource = try SourceSpec(parsing: spec).makeSource(stopSignal: stopSignal)
        let preprocessor = try detector.makeFramePreprocessor()
        // A camera that never delivers would otherwise be retried forever.
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { stopSignal.stop() }
        var detections: [Detection] = []
        var done = 0
        while done < frames {
            let report: Void? = try frameSource.withNextFrame { info, bytes in
                let timing = try detector.detect(info, bytes, through: preprocessor, into: &detections)
                let name = "\(spec)#\(info.sequence)"
                if json {
                    print(DetectionRecord.jsonLine(
                        image: name, width: info.width, height: info.height, detections: detections,
                        label: detector.label(of:), timing: timing))
                } else {
                    printTable(path: name, width: info.width, height: info.height, detections: detections,
                        detector: detector, timing: timing)
                }
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
            print("  " + detector.label(of: detection.classID).padded(to: 16) + String(
                printf: " %.3f  [%.1f, %.1f, %.1f, %.1f]", detection.score, box.x1, box.y1, box.x2, box.y2))
        }
    }
}
