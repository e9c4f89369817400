import Foundation
import TestSupport
import Testing

@testable import Infer
@testable import Quantizer

/// The ONNX models in `../shared` and the ONNX Runtime reference script.
/// Missing data fails under `CI=true` and skips the test otherwise.
enum ONNXReferenceData {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let shared = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
    static let staticModel = shared.appendingPathComponent("models/yolov8n/yolov8n-fp32.onnx")
    static let dynamicModel = shared.appendingPathComponent("models/yolov8n/yolov8n-fp32-dynamic.onnx")
    static let validationImages = shared.appendingPathComponent("data/coco128/val/images")
    static let calibrationImages = shared.appendingPathComponent("data/coco128/calib")
    static let script = repositoryRoot.appendingPathComponent("tools/onnx/ort_reference.py")

    static var python: String {
        ProcessInfo.processInfo.environment["YOLO_EDGE_PYTHON"]
            ?? repositoryRoot.appendingPathComponent(".venv/bin/python").path
    }

    /// Passes when the models and the reference venv are there; otherwise fails (CI) or skips.
    static func require(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let missing = [staticModel.path, dynamicModel.path, python].filter { !FileManager.default.fileExists(atPath: $0) }
        try Prerequisite.require(
            missing.isEmpty,
            "ONNX reference data not found: \(missing.joined(separator: ", ")) (see ../shared/README.md; tools/venv.sh makes the venv)",
            sourceLocation: sourceLocation)
    }

    static func validationImageURLs(count: Int) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: validationImages.path)
            .filter { $0.hasSuffix(".jpg") }.sorted().prefix(count)
            .map { validationImages.appendingPathComponent($0) }
    }

    /// Runs the reference venv's Python with `arguments` (a script and its arguments).
    static func runPython(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ReferenceDataMissing(
                description: "\(URL(fileURLWithPath: arguments[0]).lastPathComponent) exited with \(process.terminationStatus)")
        }
    }

    /// Runs `tools/onnx/ort_reference.py` into a fresh folder and reads what it wrote per image.
    static func ortReference(
        model: URL, height: Int, width: Int, tensors: [String], images: [URL]
    ) throws -> [ORTRun] {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("yolo-edge-ort-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try runPython([script.path, "--model", model.path, "--height", "\(height)", "--width", "\(width)",
            "--out", folder.path] + tensors.flatMap { ["--tensor", $0] } + images.map(\.path))
        return try images.map { image in
            try ORTRun(folder: folder.appendingPathComponent(image.deletingPathExtension().lastPathComponent))
        }
    }
}

/// One image's ONNX Runtime run: the NCHW input and the named tensors.
struct ORTRun {
    struct Manifest: Decodable {
        struct Entry: Decodable { let name: String; let file: String; let shape: [Int] }
        let input: [Int]
        let tensors: [Entry]
    }

    let inputShape: [Int]
    let input: [Float]
    let tensors: [String: (shape: [Int], values: [Float])]

    init(folder: URL) throws {
        let manifest = try JSONDecoder().decode(
            Manifest.self, from: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
        inputShape = manifest.input
        input = try Self.floats(folder.appendingPathComponent("input.bin"))
        var tensors: [String: (shape: [Int], values: [Float])] = [:]
        for entry in manifest.tensors {
            tensors[entry.name] = (entry.shape, try Self.floats(folder.appendingPathComponent(entry.file)))
        }
        self.tensors = tensors
    }

    private static func floats(_ url: URL) throws -> [Float] {
        let data = try Data(contentsOf: url)
        return data.withUnsafeBytes { raw in
            (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
    }
}

struct ReferenceDataMissing: Error, CustomStringConvertible {
    let description: String
}
