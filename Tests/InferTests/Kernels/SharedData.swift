import Foundation
import Testing

/// Locates `../shared` reference data and the Python used to dump LiteRT tensors.
/// Tests needing them skip with a message, except under `CI=true` where they fail.
enum SharedData {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    static let modelDirectory = repositoryRoot.appendingPathComponent("../shared/models/yolov8n").standardized

    /// int8 in, int8 out.
    static let fullIntegerModel = modelDirectory.appendingPathComponent("yolov8n_full_integer_quant.tflite").path
    /// float32 in and out around an int8 network: adds QUANTIZE float→int8 and DEQUANTIZE.
    static let floatInterfaceModel = modelDirectory.appendingPathComponent("yolov8n_integer_quant.tflite").path

    /// `YOLO_EDGE_PYTHON`, else `.venv/bin/python` in the repository root.
    static let pythonPath = ProcessInfo.processInfo.environment["YOLO_EDGE_PYTHON"]
        ?? repositoryRoot.appendingPathComponent(".venv/bin/python").path

    /// Why the real-model data cannot be used, or `nil` when it can.
    static var unavailableReason: String? {
        let files = FileManager.default
        for model in [fullIntegerModel, floatInterfaceModel] where !files.fileExists(atPath: model) {
            return "model not found at \(model)"
        }
        if !files.isExecutableFile(atPath: pythonPath) {
            return "no Python with ai-edge-litert at \(pythonPath) (set YOLO_EDGE_PYTHON)"
        }
        return nil
    }

    /// Whether tests that need the data should run (they fail under CI when it is missing).
    static var shouldRun: Bool { isCI || unavailableReason == nil }

    /// Why such a test is skipped, for the test report.
    static var skipComment: Comment { Comment(rawValue: unavailableReason ?? "data available") }
}
