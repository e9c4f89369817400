#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Detect
import Infer

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

    /// The largest detections file read: `detect --json` on COCO's 5,000 validation images at
    /// conf 0.001 writes about 80 MB.
    public static let maximumFileBytes = 256 << 20

    /// Reads a JSON Lines file of records.
    public static func readJSONLines(atPath path: String) throws(EvaluationError) -> [DetectionRecord] {
        let bytes: [UInt8]
        do {
            bytes = try RegularFile.read(path, limit: maximumFileBytes)
        } catch {
            throw .unreadableFile(path: path, reason: error.reason)
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
