import Foundation
import Testing

/// Locates the reference data in `../shared` beside the checkout, the
/// reference Python and the built binary.
///
/// Tests that need the data call `ReferenceData.require()`: it fails the test
/// under `CI=true` when the data is missing, and otherwise skips it with the
/// reason.
public enum ReferenceData {
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let root = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")

    public static var fullIntegerModel: URL {
        root.appendingPathComponent("models/yolov8n/yolov8n_full_integer_quant.tflite")
    }

    public static var validationImages: URL { root.appendingPathComponent("data/coco128/val/images") }
    public static var validationLabels: URL { root.appendingPathComponent("data/coco128/val/labels") }

    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The Python interpreter of the reference venv (`tools/venv.sh`).
    public static var python: String {
        ProcessInfo.processInfo.environment["YOLO_EDGE_PYTHON"]
            ?? repositoryRoot.appendingPathComponent(".venv/bin/python").path
    }

    /// The `yolo-edge` executable that `swift build` put beside the tests.
    public static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("yolo-edge")
    }

    /// Passes when the model and images are there (and, with `python`, the
    /// reference venv); otherwise fails (CI) or skips the calling test.
    public static func require(
        python needsPython: Bool = false, binary needsBinary: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let files = FileManager.default
        var missing: String?
        if !files.fileExists(atPath: fullIntegerModel.path) {
            missing = "reference data not found at \(root.path) (see ../shared/README.md)"
        } else if needsPython && !files.isExecutableFile(atPath: python) {
            missing = "no reference Python at \(python) (run tools/venv.sh or set YOLO_EDGE_PYTHON)"
        } else if needsBinary && !files.isExecutableFile(atPath: binary.path) {
            missing = "no yolo-edge binary at \(binary.path) (run swift build first)"
        }
        guard let missing else { return }
        if isCI {
            Issue.record(Comment(rawValue: missing), sourceLocation: sourceLocation)
            throw MissingPrerequisite(description: missing)
        }
        try Test.cancel(Comment(rawValue: missing), sourceLocation: sourceLocation)
    }

    /// The first `count` validation images, in file-name order.
    public static func validationImageURLs(count: Int = .max) throws -> [URL] {
        let names = try FileManager.default.contentsOfDirectory(atPath: validationImages.path)
            .filter { $0.hasSuffix(".jpg") }.sorted()
        return names.prefix(count).map { validationImages.appendingPathComponent($0) }
    }
}

/// Ends a CI test whose prerequisites are missing.
public struct MissingPrerequisite: Error, CustomStringConvertible {
    public let description: String
}
