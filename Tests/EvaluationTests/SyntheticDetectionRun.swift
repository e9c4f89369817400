import Detect
@testable import Evaluation
import Foundation
import TestSupport

/// A seeded, synthetic detection run over labelled images: YOLO label files and detection
/// records with what COCOeval is particular about — tied scores within and across images,
/// duplicates, wrong classes, classes without objects, images without labels or detections,
/// exact copies (IoU 1), inverted boxes (negative area), and more than 100 detections of a
/// class on one image.
struct SyntheticDetectionRun {
    /// Label file name → contents; empty for runs over existing label files.
    private(set) var labelFiles: [String: String] = [:]
    private(set) var records: [DetectionRecord] = []
    private var random: SeededGenerator
    private let classes: Int

    /// Invents labels and detections for `images` images.
    init(seed: UInt64, images: Int = 50, classes: Int = 20) {
        random = SeededGenerator(seed: seed)
        self.classes = classes
        for index in 0..<images {
            let name = Self.imageName(index)
            var labels: [YOLOLabel] = []
            if Double.random(in: 0..<1, using: &random) < 0.9 {
                labels = (0..<Int.random(in: 0...12, using: &random)).map { _ in randomLabel() }
                labelFiles[stem(of: name) + ".txt"] = labels.map {
                    "\($0.classID) \($0.centerX) \($0.centerY) \($0.width) \($0.height)\n"
                }.joined()
            }
            addImage(named: name, labels: labels, crowded: index == 3)
        }
    }

    /// Invents detections for the images of existing label files (image `NAME.jpg` for each
    /// `NAME.txt`). Image sizes are invented too: both evaluators only scale boxes by them.
    init(seed: UInt64, labelsDirectory: String, classes: Int) throws {
        random = SeededGenerator(seed: seed)
        self.classes = classes
        let files = try FileManager.default.contentsOfDirectory(atPath: labelsDirectory)
            .filter { $0.hasSuffix(".txt") }.sorted()
        for (index, file) in files.enumerated() {
            let path = labelsDirectory + "/" + file
            let labels = try YOLOLabel.parseFile(String(contentsOfFile: path, encoding: .utf8), file: path)
            addImage(named: stem(of: file) + ".jpg", labels: labels, crowded: index == 3)
        }
    }

    /// Writes the label files into `directory` (which must exist).
    func writeLabelFiles(into directory: String) throws {
        for (name, text) in labelFiles {
            try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
    }

    /// Writes the records as JSON Lines, as `yolo-edge detect --json` prints them.
    func writeDetections(to path: String) throws {
        let encoder = JSONEncoder()
        let lines = try records.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
    }

    private mutating func addImage(named name: String, labels: [YOLOLabel], crowded: Bool) {
        let width = Int.random(in: 160...1280, using: &random)
        let height = Int.random(in: 160...1280, using: &random)
        var detected: [DetectionRecord.DetectedObject] = []
        if Double.random(in: 0..<1, using: &random) < 0.92 {
            detected = detections(
                of: labels.map { $0.groundTruthBox(imageWidth: width, imageHeight: height) },
                width: width, height: height, crowded: crowded)
        }
        records.append(DetectionRecord(
            image: "/synthetic/images/\(name)", width: width, height: height, detections: detected,
            timing: records.count.isMultiple(of: 2) ? .init(preprocess: 1, inference: 2, postprocess: 3) : nil))
    }

    /// Names whose byte order differs from naive orders: upper case, dots, non-ASCII.
    private static func imageName(_ index: Int) -> String {
        switch index % 10 {
        case 3: "IMG_\(index).JPG"
        case 6: "scene.\(index).png"
        case 9: "café_\(index).jpg"
        default: "img_\(index).jpg"
        }
    }

    private mutating func randomLabel() -> YOLOLabel {
        // Skewed so that some classes are rare; values on a 1e-6 grid like real label files.
        let classID = Int(pow(Double.random(in: 0..<1, using: &random), 2) * Double(classes))
        func value(_ range: ClosedRange<Int>) -> Double {
            Double(Int.random(in: range, using: &random)) / 1_000_000
        }
        return YOLOLabel(
            classID: classID, centerX: value(0...1_000_000), centerY: value(0...1_000_000),
            width: value(10_000...500_000), height: value(10_000...500_000))
    }

    private mutating func detections(
        of objects: [GroundTruthBox], width: Int, height: Int, crowded: Bool
    ) -> [DetectionRecord.DetectedObject] {
        // Scores on a coarse grid tie often, as int8 model scores do.
        func score() -> Double { Double(Int.random(in: 1...40, using: &random)) / 40 }
        func jittered(_ box: PixelBox, by amount: Double) -> PixelBox {
            let dx = (box.x2 - box.x1) * amount
            let dy = (box.y2 - box.y1) * amount
            return PixelBox(
                x1: box.x1 + Double.random(in: -dx...dx, using: &random),
                y1: box.y1 + Double.random(in: -dy...dy, using: &random),
                x2: box.x2 + Double.random(in: -dx...dx, using: &random),
                y2: box.y2 + Double.random(in: -dy...dy, using: &random))
        }
        func randomBox() -> PixelBox {
            let x = Double.random(in: 0...Double(width), using: &random)
            let y = Double.random(in: 0...Double(height), using: &random)
            return PixelBox(
                x1: x, y1: y, x2: x + Double.random(in: 1...300, using: &random),
                y2: y + Double.random(in: 1...300, using: &random))
        }
        func detection(_ classID: Int, _ box: PixelBox) -> DetectionRecord.DetectedObject {
            .init(classID: classID, label: "class \(classID)", score: score(), box: box)
        }

        var detected: [DetectionRecord.DetectedObject] = []
        for object in objects {
            let roll = Double.random(in: 0..<1, using: &random)
            let classID = roll < 0.08 ? Int.random(in: 0..<classes, using: &random) : object.classID
            if roll < 0.85 { detected.append(detection(classID, jittered(object.box, by: roll < 0.3 ? 0.3 : 0.1))) }
            if roll > 0.8 { detected.append(detection(object.classID, jittered(object.box, by: 0.05))) }
            if roll > 0.95 { detected.append(detection(object.classID, object.box)) }
        }
        for _ in 0..<Int.random(in: 0...4, using: &random) {
            // Some false positives fall in classes that have no objects anywhere.
            detected.append(detection(Int.random(in: 0..<(classes + 3), using: &random), randomBox()))
        }
        if Double.random(in: 0..<1, using: &random) < 0.1 {
            let box = randomBox()
            detected.append(detection(0, PixelBox(x1: box.x2, y1: box.y1, x2: box.x1, y2: box.y2)))
        }
        if crowded {
            let anchor = objects.first?.box ?? randomBox()
            detected += (0..<130).map { _ in detection(objects.first?.classID ?? 0, jittered(anchor, by: 0.4)) }
        }
        detected.shuffle(using: &random)
        return detected
    }
}
