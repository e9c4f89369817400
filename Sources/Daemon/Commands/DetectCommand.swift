import ArgumentParser
import Capture
import Foundation
import Infer

struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Detect objects in JPEG images.",
        discussion: """
            Each image is letterboxed to the model input (aspect kept, grey 114 padding), \
            run through the INT8 model, and filtered by class-wise non-maximum suppression. \
            Boxes are in the source image's pixels as [x1, y1, x2, y2].

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

    @Argument(help: ArgumentHelp("JPEG images.", valueName: "image"))
    var images: [String]

    func validate() throws {
        guard !images.isEmpty else { throw ValidationError("give at least one image") }
    }

    func run() throws {
        let graph = try ModelLoader.load(path: modelOptions.model)
        let detector = try ImageDetector(
            graph: graph, size: detectionOptions.size, threads: modelOptions.threads, nms: detectionOptions.nms)
        let decoder = try JPEGDecoder()
        var image = RGBImage()
        var detections: [Detection] = []
        var failures = 0
        for path in images {
            do {
                try decoder.decodeFile(atPath: path, into: &image)
                let timing = try detector.detect(image, into: &detections)
                if json {
                    print(DetectionJSON.line(
                        image: path, width: image.width, height: image.height, detections: detections,
                        label: detector.label(of:), timing: timing))
                } else {
                    printTable(path: path, image: image, detections: detections, detector: detector, timing: timing)
                }
            } catch {
                failures += 1
                FileHandle.standardError.write(Data("error: \(path): \(error)\n".utf8))
            }
        }
        if failures > 0 {
            throw ExitCode(failures == images.count ? 1 : 2)
        }
    }

    private func printTable(
        path: String, image: RGBImage, detections: [Detection], detector: ImageDetector, timing: DetectionTiming
    ) {
        let times = String(
            format: "%.1f + %.1f + %.1f ms", timing.preprocess, timing.inference, timing.postprocess)
        print("\(path) (\(image.width)x\(image.height)): \(detections.count) detections, \(times)")
        for detection in detections {
            let box = detection.box
            print("  " + detector.label(of: detection.classID).padded(to: 16) + String(
                format: " %.3f  [%.1f, %.1f, %.1f, %.1f]", detection.score, box.x1, box.y1, box.x2, box.y2))
        }
    }
}
