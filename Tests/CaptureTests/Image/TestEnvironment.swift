import Foundation

/// Where the test data and tools live, and whether their absence skips a
/// test (a developer's fresh clone) or fails it (CI, `CI=true`).
enum TestEnvironment {
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// The project's `../shared` reference data.
    static let sharedDirectory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Image
        .deletingLastPathComponent()  // CaptureTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // project root
        .deletingLastPathComponent()
        .appendingPathComponent("shared")

    static let validationImages = sharedDirectory.appendingPathComponent(
        "data/coco128/val/images")

    static var hasValidationImages: Bool {
        FileManager.default.fileExists(atPath: validationImages.path)
    }

    /// Tests needing ../shared run when it is there, and in CI (where they
    /// fail if it is missing).
    static var runsSharedDataTests: Bool { hasValidationImages || isCI }

    /// The first `count` validation images, sorted by name.
    static func validationImagePaths(_ count: Int) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: validationImages.path)
            .filter { $0.hasSuffix(".jpg") }.sorted().prefix(count)
            .map { validationImages.appendingPathComponent($0).path }
    }

    /// An executable on PATH (libjpeg-turbo-progs' `djpeg`, `cjpeg`).
    static func tool(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var hasJPEGTools: Bool { tool("djpeg") != nil && tool("cjpeg") != nil }
    static var runsJPEGToolTests: Bool { hasJPEGTools || isCI }

    /// Runs a tool with `arguments` and returns its standard output.
    @discardableResult
    static func run(_ name: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try requireTool(name))
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolFailure(description: "\(name) \(arguments) exited \(process.terminationStatus)")
        }
        return data
    }

    private static func requireTool(_ name: String) throws -> String {
        guard let path = tool(name) else {
            throw ToolFailure(description: "\(name) not on PATH (apt-get install libjpeg-turbo-progs)")
        }
        return path
    }

    static func temporaryFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("yolo-edge-tests-\(getpid())-\(name)")
    }
}

struct ToolFailure: Error, CustomStringConvertible {
    let description: String
}
