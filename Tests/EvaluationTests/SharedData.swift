import Foundation
import Testing

/// The project's read-only reference data, `../shared` next to the repository.
enum SharedData {
    static let root = ReferencePython.repositoryRoot.deletingLastPathComponent()
        .appendingPathComponent("shared")

    /// The YOLO labels of the 64 COCO val2017 images.
    static let coco128ValidationLabels = root.appendingPathComponent("data/coco128/val/labels").path

    static var hasCOCO128Labels: Bool {
        FileManager.default.fileExists(atPath: coco128ValidationLabels)
    }

    /// Tests that need the data run when it exists, and in CI, where its absence fails.
    static var isRequired: Bool {
        hasCOCO128Labels || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    static let missingMessage: Comment = "../shared/data/coco128/val/labels is missing"
}
