import Foundation
import Testing

/// Locates the reference data in `../shared` beside the checkout, the
/// reference Python and the built binary.
///
/// Tests that need them call `ReferenceData.require(...)`: it fails the test
/// under `CI=true` when something is missing, and otherwise skips it with the
/// reason.
public enum ReferenceData {
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let root = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")

    public static var modelDirectory: URL { root.appendingPathComponent("models/yolov8n") }

    /// int8 in, int8 out.
    public static var fullIntegerModel: URL {
        modelDirectory.appendingPathComponent("yolov8n_full_integer_quant.tflite")
    }

    /// float32 in and out around the int8 network (QUANTIZE and DEQUANTIZE at the edges).
    public static var floatInterfaceModel: URL {
        modelDirectory.appendingPathComponent("yolov8n_integer_quant.tflite")
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

    /// Passes when the reference data is there (unless `data` is false) and,
    /// as asked, the reference venv and the binary; otherwise fails (CI) or
    /// skips the calling test.
    public static func require(
        data needsData: Bool = true, python needsPython: Bool = false, binary needsBinary: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let reason = missing(data: needsData, python: needsPython, binary: needsBinary)
        try Prerequisite.require(reason == nil, reason ?? "", sourceLocation: sourceLocation)
    }

    /// `Prerequisite.skipTrait` for what `require` checks, for parameterized tests.
    public static func skipTrait(data: Bool = true, python: Bool = false, binary: Bool = false) -> ConditionTrait {
        let reason = missing(data: data, python: python, binary: binary)
        return Prerequisite.skipTrait(unless: reason == nil, reason ?? "")
    }

    /// Why the asked-for data, venv or binary cannot be used, or nil.
    private static func missing(data: Bool, python needsPython: Bool, binary needsBinary: Bool) -> String? {
        let files = FileManager.default
        if data && !files.fileExists(atPath: fullIntegerModel.path) {
            return "reference data not found at \(root.path) (see ../shared/README.md)"
        }
        if needsPython && !files.isExecutableFile(atPath: python) {
            return "no reference Python at \(python) (run tools/venv.sh or set YOLO_EDGE_PYTHON)"
        }
        if needsBinary && !files.isExecutableFile(atPath: binary.path) {
            return "no yolo-edge binary at \(binary.path) (run swift build first)"
        }
        return nil
    }

    /// Runs `script` (a path relative to the repository root) with the
    /// reference Python; throws with the script's stderr unless it exits 0.
    public static func runScript(
        _ script: String, _ arguments: [String], input: Data? = nil
    ) throws -> Subprocess.Result {
        try Subprocess.check(
            python, [repositoryRoot.appendingPathComponent(script).path] + arguments, input: input)
    }

    /// The first `count` validation images, in file-name order.
    public static func validationImageURLs(count: Int = .max) throws -> [URL] {
        let names = try FileManager.default.contentsOfDirectory(atPath: validationImages.path)
            .filter { $0.hasSuffix(".jpg") }.sorted()
        return names.prefix(count).map { validationImages.appendingPathComponent($0) }
    }
}
