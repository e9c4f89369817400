import Detect
@testable import Evaluation
import Foundation
import TestSupport
import Testing

@Suite struct YOLOLabelTests {
    @Test func parsesObjectsAndSkipsBlankLines() throws {
        let labels = try YOLOLabel.parseFile("0 0.5 0.5 0.5 0.25\r\n\n  45 0.1 0.2 0.3 0.4  \n", file: "a.txt")
        #expect(labels == [
            YOLOLabel(classID: 0, centerX: 0.5, centerY: 0.5, width: 0.5, height: 0.25),
            YOLOLabel(classID: 45, centerX: 0.1, centerY: 0.2, width: 0.3, height: 0.4),
        ])
    }

    @Test func convertsToPixelCorners() {
        let label = YOLOLabel(classID: 3, centerX: 0.5, centerY: 0.5, width: 0.5, height: 0.25)
        #expect(label.groundTruthBox(imageWidth: 640, imageHeight: 480)
            == GroundTruthBox(classID: 3, box: PixelBox(x1: 160, y1: 180, x2: 480, y2: 300)))
    }

    @Test(arguments: [
        ("0 0.5 0.5 0.5", 2, "expected 5 fields"),
        ("1.5 0.5 0.5 0.5 0.5", 2, "class `1.5`"),
        ("-1 0.5 0.5 0.5 0.5", 2, "class `-1`"),
        ("0 0.5 0.5 1.5 0.5", 2, "within 0...1"),
        ("0 nan 0.5 0.5 0.5", 2, "within 0...1"),
        ("0 0.5 x 0.5 0.5", 2, "within 0...1"),
    ])
    func rejectsMalformedLinesNamingThem(line: String, number: Int, reason: String) {
        #expect {
            try YOLOLabel.parseFile("0 0.1 0.1 0.1 0.1\n" + line, file: "bad.txt")
        } throws: { error in
            guard case .malformedLabel(let file, let lineNumber, let message) = error as? EvaluationError
            else { return false }
            return file == "bad.txt" && lineNumber == number && message.contains(reason)
        }
    }
}

@Suite struct FileNameTests {
    @Test(arguments: [
        ("img.jpg", "img"), ("img.1.jpeg", "img.1"), ("noext", "noext"),
        (".hidden", ".hidden"), ("..a", "..a"), ("a.", "a"),
    ])
    func stemDropsTheExtensionLikePython(name: String, expected: String) {
        #expect(stem(of: name) == expected)
    }

    @Test func labelFileUsesTheImageStem() {
        let labels = YOLOLabelDirectory(path: "/data/labels")
        #expect(labels.labelFile(forImage: "/data/images/0001.v2.jpg") == "/data/labels/0001.v2.txt")
        #expect(labels.labelFile(forImage: "plain.png") == "/data/labels/plain.txt")
    }
}

@Suite struct DetectionRecordTests {
    private let line = """
        {"image":"/d/img.jpg","width":640,"height":480,"detections":[{"class_id":2,"label":"car",\
        "score":0.75,"box":[1.5,2,30,40.25]}],"timing_ms":{"preprocess":1.0,"inference":20.5,"postprocess":0.3}}
        """

    @Test func decodesTheCLIContract() throws {
        let records = try DetectionRecord.decodeJSONLines("\n" + line + "\n\n")
        #expect(records == [DetectionRecord(
            image: "/d/img.jpg", width: 640, height: 480,
            detections: [.init(classID: 2, label: "car", score: 0.75,
                               box: PixelBox(x1: 1.5, y1: 2, x2: 30, y2: 40.25))],
            timing: .init(preprocess: 1, inference: 20.5, postprocess: 0.3))])
    }

    @Test func encodingRoundTrips() throws {
        let record = try #require(DetectionRecord.decodeJSONLines(line).first)
        let encoded = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        #expect(try DetectionRecord.decodeJSONLines(encoded) == [record])
        #expect(encoded.contains("\"class_id\":2") && encoded.contains("\"timing_ms\""))
    }

    @Test(arguments: [
        (#"{"image":"a.jpg","width":1,"height":1}"#, "missing field detections"),
        (#"{"image":"a.jpg","width":1,"height":1,"detections":[{"class_id":0,"label":"x","score":1,"box":[1,2,3]}]}"#,
         "found 3 numbers"),
        (#"{"image":"a.jpg","width":"wide","height":1,"detections":[]}"#, "at width"),
        ("not json", "not valid JSON"),
    ])
    func rejectsMalformedLinesNamingThem(bad: String, reason: String) {
        #expect {
            try DetectionRecord.decodeJSONLines(line + "\n" + bad)
        } throws: { error in
            guard case .malformedDetectionRecord(let number, let message) = error as? EvaluationError
            else { return false }
            return number == 2 && message.contains(reason)
        }
    }
}

@Suite struct EvaluationSetTests {
    private func record(_ image: String, width: Int = 200, height: Int = 100) -> DetectionRecord {
        DetectionRecord(
            image: image, width: width, height: height,
            detections: [.init(classID: 1, label: "bicycle", score: 0.5, box: PixelBox(x1: 0, y1: 0, x2: 10, y2: 10))],
            timing: nil)
    }

    @Test func pairsRecordsWithTheirLabelFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("1 0.5 0.5 0.5 0.5\n", to: "labelled.txt")

        let set = try EvaluationSet(
            records: [record("/x/labelled.jpg"), record("/x/unlabelled.jpg")],
            labels: YOLOLabelDirectory(path: directory.path))
        #expect(set.groundTruth == [
            ImageGroundTruth(image: "labelled.jpg", objects: [
                GroundTruthBox(classID: 1, box: PixelBox(x1: 50, y1: 25, x2: 150, y2: 75))]),
            ImageGroundTruth(image: "unlabelled.jpg", objects: []),
        ])
        #expect(set.detections.map(\.image) == ["labelled.jpg", "unlabelled.jpg"])
    }

    @Test func reportsBadInput() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("1 0.5 0.5\n", to: "bad.txt")
        let labels = YOLOLabelDirectory(path: directory.path)

        #expect(throws: EvaluationError.unreadableFile(path: directory.path + "/missing", reason: "no such directory")) {
            try EvaluationSet(records: [], labels: YOLOLabelDirectory(path: directory.path + "/missing"))
        }
        #expect(throws: EvaluationError.invalidImageSize(image: "a.jpg", width: 0, height: 10)) {
            try EvaluationSet(records: [record("a.jpg", width: 0, height: 10)], labels: labels)
        }
        #expect(throws: EvaluationError.malformedLabel(
            file: directory.path + "/bad.txt", line: 1, reason: "expected 5 fields `class cx cy w h`, found 3")) {
            try EvaluationSet(records: [record("bad.jpg")], labels: labels)
        }
    }
}
