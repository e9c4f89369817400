import Foundation
import Testing

/// The Python with pycocotools that reference checks run: `$YOLO_EDGE_PYTHON`, else the
/// project venv `<repo>/.venv/bin/python` that tools/venv.sh creates.
enum ReferencePython {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var executable: String? {
        let candidate = ProcessInfo.processInfo.environment["YOLO_EDGE_PYTHON"]
            ?? repositoryRoot.appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }

    /// Tests that need the reference run when it exists, and in CI, where its absence fails.
    static var isRequired: Bool {
        executable != nil || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    static let missingMessage: Comment =
        "no reference Python: run tools/venv.sh or set YOLO_EDGE_PYTHON"

    /// Runs a script of the repository and returns its standard output; a failure carries
    /// the script's standard error.
    static func run(_ python: String, script: String, arguments: [String]) throws -> Data {
        // Standard error goes to a file: two pipes read one after the other could stall a
        // script that fills the second.
        let diagnosticsPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("yolo-edge-\(UUID().uuidString).stderr").path
        guard FileManager.default.createFile(atPath: diagnosticsPath, contents: nil) else {
            throw ScriptFailure(script: script, status: -1, diagnostics: "cannot create \(diagnosticsPath)")
        }
        defer { try? FileManager.default.removeItem(atPath: diagnosticsPath) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [repositoryRoot.appendingPathComponent(script).path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: diagnosticsPath)
        try process.run()
        let result = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let diagnostics = (try? String(contentsOfFile: diagnosticsPath, encoding: .utf8)) ?? ""
            throw ScriptFailure(script: script, status: process.terminationStatus, diagnostics: diagnostics)
        }
        return result
    }

    struct ScriptFailure: Error, CustomStringConvertible {
        var script: String
        var status: Int32
        var diagnostics: String
        var description: String { "\(script) exited with \(status): \(diagnostics)" }
    }
}
