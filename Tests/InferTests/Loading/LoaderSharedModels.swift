import Foundation
import Testing

/// Locates the reference models in `../shared` (relative to the package root).
///
/// Tests that need them use `LoaderSharedModels.trait`: without the data they
/// are skipped with a message, unless `CI=true`, where they run and fail.
enum LoaderSharedModels {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Loading
        .deletingLastPathComponent()  // InferTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("../shared/models/yolov8n").standardized

    static let fullIntegerName = "yolov8n_full_integer_quant.tflite"
    static let integerName = "yolov8n_integer_quant.tflite"

    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(fullIntegerName).path)
    }

    static var isRequired: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    static let trait = ConditionTrait.enabled(
        if: isAvailable || isRequired,
        "needs ../shared/models/yolov8n (absent; set CI=true to make this a failure)")

    /// The path of a shared model; fails the test when it is missing.
    static func path(_ name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try #require(FileManager.default.fileExists(atPath: path), "missing shared model \(path)")
        return path
    }

    /// The bytes of the full-integer model, read once per test process.
    static func fullIntegerBytes() throws -> [UInt8] {
        try #require(fullIntegerContents, "missing shared model \(fullIntegerName) in \(directory.path)")
    }

    private static let fullIntegerContents: [UInt8]? = try? [UInt8](
        Data(contentsOf: directory.appendingPathComponent(fullIntegerName)))
}
