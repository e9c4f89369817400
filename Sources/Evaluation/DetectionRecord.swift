#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One line of `yolo-edge detect --json` output: an image and its detections, boxes in
/// source-image pixels.
///
///     {"image":PATH,"width":W,"height":H,
///      "detections":[{"class_id":I,"label":S,"score":F,"box":[x1,y1,x2,y2]}],
///      "timing_ms":{"preprocess":F,"inference":F,"postprocess":F}}
public struct DetectionRecord: Codable, Hashable, Sendable {
    public var image: String
    public var width: Int
    public var height: Int
    public var detections: [DetectedObject]
    /// Absent in records that other tools wrote.
    public var timing: Timing?

    public init(
        image: String, width: Int, height: Int, detections: [DetectedObject], timing: Timing?
    ) {
        self.image = image
        self.width = width
        self.height = height
        self.detections = detections
        self.timing = timing
    }

    public struct DetectedObject: Codable, Hashable, Sendable {
        public var classID: Int
        public var label: String
        public var score: Double
        public var box: PixelBox

        public init(classID: Int, label: String, score: Double, box: PixelBox) {
            self.classID = classID
            self.label = label
            self.score = score
            self.box = box
        }

        enum CodingKeys: String, CodingKey {
            case classID = "class_id", label, score, box
        }
    }

    /// Stage durations in milliseconds.
    public struct Timing: Codable, Hashable, Sendable {
        public var preprocess: Double
        public var inference: Double
        public var postprocess: Double

        public init(preprocess: Double, inference: Double, postprocess: Double) {
            self.preprocess = preprocess
            self.inference = inference
            self.postprocess = postprocess
        }
    }

    enum CodingKeys: String, CodingKey {
        case image, width, height, detections, timing = "timing_ms"
    }
}

extension DetectionRecord {
    /// Decodes JSON Lines: one record per non-blank line.
    public static func decodeJSONLines(_ text: String) throws(EvaluationError) -> [DetectionRecord] {
        let decoder = JSONDecoder()
        var records: [DetectionRecord] = []
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, line) in lines.enumerated() where line.contains(where: { !$0.isWhitespace }) {
            do {
                records.append(try decoder.decode(DetectionRecord.self, from: Data(line.utf8)))
            } catch {
                throw .malformedDetectionRecord(line: index + 1, reason: Self.describe(error))
            }
        }
        return records
    }

    /// Reads a JSON Lines file of records.
    public static func readJSONLines(atPath path: String) throws(EvaluationError) -> [DetectionRecord] {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(filePath: path))
        } catch {
            throw .unreadableFile(path: path, reason: "\(error)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .unreadableFile(path: path, reason: "not UTF-8 text")
        }
        return try decodeJSONLines(text)
    }

    /// A one-line account of a decoding failure that names the offending field.
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func at(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return path.isEmpty ? "" : " at \(path.joined(separator: "."))"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field \(key.stringValue)\(at(context))"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "expected \(type)\(at(context))"
        case .dataCorrupted(let context):
            return context.debugDescription + at(context)
        @unknown default:
            return "\(error)"
        }
    }
}
