import Foundation
import Testing

/// Locates the reference data in `../shared` beside the checkout.
///
/// Tests that need it call `ReferenceData.require()`: it fails the test under
/// `CI=true` when the data is missing, and otherwise skips it with the reason.
enum ReferenceData {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let root = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")

    static var fullIntegerModel: URL {
        root.appendingPathComponent("models/yolov8n/yolov8n_full_integer_quant.tflite")
    }

    static var validationImages: URL { root.appendingPathComponent("data/coco128/val/images") }
    static var validationLabels: URL { root.appendingPathComponent("data/coco128/val/labels") }

    static var isAvailable: Bool { FileManager.default.fileExists(atPath: fullIntegerModel.path) }

    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Passes when the data is there; otherwise fails (CI) or skips the calling test.
    static func require(sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard !isAvailable else { return }
        let reason = "reference data not found at \(root.path) (see ../shared/README.md)"
        if isCI {
            Issue.record(Comment(rawValue: reason), sourceLocation: sourceLocation)
            throw MissingReferenceData(description: reason)
        }
        try Test.cancel(Comment(rawValue: reason), sourceLocation: sourceLocation)
    }

    /// The first `count` validation images, in file-name order.
    static func validationImageURLs(count: Int) throws -> [URL] {
        let names = try FileManager.default.contentsOfDirectory(atPath: validationImages.path)
            .filter { $0.hasSuffix(".jpg") }.sorted()
        return names.prefix(count).map { validationImages.appendingPathComponent($0) }
    }

    /// The Python interpreter of the reference venv (`tools/venv.sh`).
    static var python: String {
        ProcessInfo.processInfo.environment["YOLO_EDGE_PYTHON"]
            ?? repositoryRoot.appendingPathComponent(".venv/bin/python").path
    }
}

/// Ends a CI test whose reference data is missing.
struct MissingReferenceData: Error, CustomStringConvertible {
    let description: String
}
