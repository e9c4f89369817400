import Foundation
import TestSupport
import Testing

/// `detect --json` and `eval` as users run them: the built binary on the real
/// model and the 64 labelled validation images, scored by pycocotools too.
@Suite(.serialized) struct DetectAndEvalCommandTests {
    static var model: String { ReferenceData.fullIntegerModel.path }

    static func cocoEval(detections: String) throws -> (images: Int, map50_95: Double, map50: Double) {
        let result = try Subprocess.check(ReferenceData.python, [
            ReferenceData.repositoryRoot.appendingPathComponent("tools/eval/coco_eval.py").path,
            "--detections", detections, "--labels", ReferenceData.validationLabels.path,
        ])
        return try Self.parseEvaluation(result.output)
    }

    static func parseEvaluation(_ json: Data) throws -> (images: Int, map50_95: Double, map50: Double) {
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        return (
            try #require(object["images"] as? Int), try #require(object["map50_95"] as? Double),
            try #require(object["map50"] as? Double))
    }

    @Test func detectionsOnTheValidationImagesReachTheTargetMAP() throws {
        try ReferenceData.require(python: true, binary: true)
        let images = try ReferenceData.validationImageURLs().map(\.path)
        #expect(images.count == 64)
        let detect = try Subprocess.check(ReferenceData.binary.path, [
            "detect", "--model", Self.model, "--conf", "0.001", "--iou", "0.7", "--max-det", "300",
            "--multi-label", "--json",
        ] + images)

        // The JSON contract: one line per image with every documented field.
        let lines = detect.text.split(separator: "\n")
        #expect(lines.count == 64)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["image"] as? String == images[0])
        #expect((first["width"] as? Int ?? 0) > 0 && (first["height"] as? Int ?? 0) > 0)
        let timing = try #require(first["timing_ms"] as? [String: Double])
        #expect(Set(timing.keys) == ["preprocess", "inference", "postprocess"])
        let detection = try #require((first["detections"] as? [[String: Any]])?.first)
        #expect(Set(detection.keys) == ["class_id", "label", "score", "box"])
        #expect((detection["box"] as? [Double])?.count == 4)

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("yolo-edge-detect-\(getpid()).jsonl")
        try detect.output.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let reference = try Self.cocoEval(detections: file.path)
        #expect(reference.images == 64)
        // LiteRT scores 0.354 with the same settings (../shared/README.md).
        #expect(reference.map50_95 >= 0.351, "pycocotools mAP50-95 \(reference.map50_95)")

        // `eval` scores the same detections like pycocotools.
        let ours = try Self.parseEvaluation(try Subprocess.check(ReferenceData.binary.path, [
            "eval", "--detections", file.path, "--labels", ReferenceData.validationLabels.path, "--json",
        ]).output)
        #expect(ours.images == 64)
        #expect(abs(ours.map50_95 - reference.map50_95) < 0.001)
        #expect(abs(ours.map50 - reference.map50) < 0.001)
    }

    @Test func evalRunningTheModelAgreesWithDetectOutput() throws {
        try ReferenceData.require(python: true, binary: true)
        // A subset keeps the debug-build test short; the full set runs above.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yolo-edge-eval-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let images = try ReferenceData.validationImageURLs(count: 12)
        for image in images {
            try FileManager.default.createSymbolicLink(
                at: folder.appendingPathComponent(image.lastPathComponent), withDestinationURL: image)
        }
        let live = try Self.parseEvaluation(try Subprocess.check(ReferenceData.binary.path, [
            "eval", "--model", Self.model, "--images", folder.path,
            "--labels", ReferenceData.validationLabels.path, "--json",
        ]).output)
        let detect = try Subprocess.check(ReferenceData.binary.path, [
            "detect", "--model", Self.model, "--conf", "0.001", "--multi-label", "--json",
        ] + images.map { folder.appendingPathComponent($0.lastPathComponent).path })
        let file = folder.appendingPathComponent("detections.jsonl")
        try detect.output.write(to: file)
        let reference = try Self.cocoEval(detections: file.path)
        #expect(live.images == 12)
        #expect(abs(live.map50_95 - reference.map50_95) < 0.001)
        #expect(abs(live.map50 - reference.map50) < 0.001)
    }

    @Test func convertedModelDetectsExactlyLikeTheTFLiteFile() throws {
        try ReferenceData.require(binary: true)
        let converted = FileManager.default.temporaryDirectory.appendingPathComponent("yolo-edge-\(getpid()).yem")
        defer { try? FileManager.default.removeItem(at: converted) }
        _ = try Subprocess.check(ReferenceData.binary.path, ["convert", Self.model, "-o", converted.path])
        let image = try ReferenceData.validationImageURLs(count: 1)[0].path
        func detections(_ model: String) throws -> String {
            let line = try Subprocess.check(ReferenceData.binary.path, ["detect", "--model", model, "--json", image]).text
            // Everything but the timings must be identical.
            return String(try #require(line.range(of: ",\"timing_ms\"").map { line[..<$0.lowerBound] }))
        }
        #expect(try detections(converted.path) == detections(Self.model))
    }

    /// Counted process-wide by the binary itself, worker threads included.
    @Test(arguments: [1, 2])
    func inferenceOnTheRealModelMakesNoHeapAllocation(threads: Int) throws {
        try ReferenceData.require(binary: true)
        let bench = try Subprocess.check(ReferenceData.binary.path, [
            "bench", "--model", Self.model, "--threads", "\(threads)", "--runs", "3", "--warmup", "1", "--json",
        ])
        let report = try #require(try JSONSerialization.jsonObject(with: bench.output) as? [String: Any])
        #expect(report["allocations_per_run"] as? Int == 0)
        // The arena is planned once at load (each worker thread has its own kernel scratch, so
        // the plan depends on the thread count): bench reports the plan inspect prints.
        let inspect = try Subprocess.check(
            ReferenceData.binary.path, ["inspect", "--model", Self.model, "--threads", "\(threads)"])
        let planned = inspect.text.split(separator: "\n")
            .first { $0.hasPrefix("arena:") }?.split(separator: " ").dropFirst().first.flatMap { Int($0) }
        #expect(planned != nil && report["arena_bytes"] as? Int == planned)
        #expect((report["peak_rss_bytes"] as? Int ?? 0) > 0)
    }

    @Test func sourceFramesGiveTheSameDetectionsAsTheFiles() throws {
        try ReferenceData.require(binary: true)
        let images = try ReferenceData.validationImageURLs(count: 2).map(\.path)
        func detectionsOnly(_ text: String) -> [String] {
            text.split(separator: "\n").map { line in
                let start = line.range(of: ",\"detections\"")!.lowerBound
                let end = line.range(of: ",\"timing_ms\"")!.lowerBound
                return String(line[start..<end])
            }
        }
        let files = try Subprocess.check(ReferenceData.binary.path, ["detect", "--model", Self.model, "--json"] + images)
        // Without the tracker, which would add track IDs (TrackingCommandTests).
        let source = try Subprocess.check(ReferenceData.binary.path, [
            "detect", "--model", Self.model, "--json", "--frames", "2", "--no-tracking",
            "--source", "images:" + ReferenceData.validationImages.path,
        ])
        #expect(detectionsOnly(source.text) == detectionsOnly(files.text))
    }

    @Test func unreadableModelGivesAClearError() throws {
        try ReferenceData.require(binary: true)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("yolo-edge-bad-\(getpid()).tflite")
        try Data("not a model".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Subprocess.run(ReferenceData.binary.path, [
            "detect", "--model", file.path, ReferenceData.validationImages.path + "/000000000139.jpg",
        ])
        #expect(result.status != 0)
        #expect(result.errors.contains(file.path))
    }

    /// A TFLite export is fixed at its export size: another size is refused with the reason,
    /// and `--rect` keeps the export's own size, detecting exactly as without it.
    @Test func aTFLiteExportKeepsItsOwnSize() throws {
        try ReferenceData.require(binary: true)
        let image = ReferenceData.validationImages.path + "/000000000139.jpg"
        let refused = try Subprocess.run(ReferenceData.binary.path, ["detect", "--model", Self.model, "--size", "640x384", image])
        #expect(refused.status != 0)
        #expect(refused.errors.contains("size 640x384 does not match this model, whose input is fixed at 640x640"), "\(refused.errors)")
        func boxes(_ arguments: [String]) throws -> String {
            let line = try Subprocess.check(ReferenceData.binary.path, ["detect", "--model", Self.model, "--json"] + arguments + [image]).text
            return String(line[line.range(of: "\"detections\"")!.lowerBound..<line.range(of: "\"timing_ms\"")!.lowerBound])
        }
        #expect(try boxes(["--rect"]) == boxes([]))
    }
}
