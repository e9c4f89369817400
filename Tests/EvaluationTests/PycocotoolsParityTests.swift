import Detect
@testable import Evaluation
import Foundation
import TestSupport
import Testing

/// The Swift evaluator against tools/eval/coco_eval.py (pycocotools COCOeval) on the same files.
/// Matching and interpolation are reproduced exactly, so only the order of the final float
/// summation differs (numpy sums pairwise; measured differences are about 1e-14): 1e-9 allows
/// that and nothing else, as one different match moves the results by more than 1e-6.
@Suite struct PycocotoolsParityTests {
    private struct ReferenceSummary: Decodable {
        var images: Int
        var map50_95: Double
        var map50: Double
        var per_class: [String: ClassAP]

        struct ClassAP: Decodable {
            var ap50_95: Double
            var ap50: Double
        }
    }

    private let tolerance = 1e-9

    @Test(ReferenceData.skipTrait(data: false, python: true), arguments: [1, 2, 3] as [UInt64])
    func syntheticLabelsAndDetections(seed: UInt64) throws {
        try ReferenceData.require(data: false, python: true)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let labels = directory.path + "/labels"
        try FileManager.default.createDirectory(atPath: labels, withIntermediateDirectories: false)
        let run = SyntheticDetectionRun(seed: seed)
        try run.writeLabelFiles(into: labels)
        try expectParity(of: run, labels: labels, in: directory)
    }

    @Test func coco128LabelsWithSyntheticDetections() throws {
        try ReferenceData.require(python: true)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let labels = ReferenceData.validationLabels.path
        let run = try SyntheticDetectionRun(seed: 7, labelsDirectory: labels, classes: 80)
        try expectParity(of: run, labels: labels, in: directory)
    }

    private func expectParity(
        of run: SyntheticDetectionRun, labels: String, in directory: TemporaryDirectory,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let detections = directory.path + "/detections.jsonl"
        try run.writeDetections(to: detections)

        let set = try EvaluationSet(
            records: DetectionRecord.readJSONLines(atPath: detections),
            labels: YOLOLabelDirectory(path: labels))
        let swift = try COCOEvaluator().evaluate(set)
        let output = try ReferenceData.runScript(
            "tools/eval/coco_eval.py", ["--detections", detections, "--labels", labels, "--per-class"]).output
        let reference = try JSONDecoder().decode(ReferenceSummary.self, from: output)

        #expect(swift.images == reference.images, sourceLocation: sourceLocation)
        #expect(abs(swift.map50_95 - reference.map50_95) < tolerance,
                "Swift \(swift.map50_95), pycocotools \(reference.map50_95)", sourceLocation: sourceLocation)
        #expect(abs(swift.map50 - reference.map50) < tolerance,
                "Swift \(swift.map50), pycocotools \(reference.map50)", sourceLocation: sourceLocation)
        #expect(swift.perClass.map { String($0.classID) }.sorted() == reference.per_class.keys.sorted(),
                sourceLocation: sourceLocation)
        for result in swift.perClass {
            let expected = try #require(reference.per_class[String(result.classID)])
            #expect(abs(result.ap50_95 - expected.ap50_95) < tolerance, "class \(result.classID)",
                    sourceLocation: sourceLocation)
            #expect(abs(result.ap50 - expected.ap50) < tolerance, "class \(result.classID)",
                    sourceLocation: sourceLocation)
        }
        // A mediocre detector: a comparison near 0 or 1 would prove little.
        #expect((0.2...0.9).contains(swift.map50_95), "mAP \(swift.map50_95)", sourceLocation: sourceLocation)
    }
}
