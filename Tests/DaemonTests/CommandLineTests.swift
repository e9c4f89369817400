import Foundation
import Testing
@testable import Daemon

/// The built `yolo-edge` binary, run as a subprocess.
struct CommandLineTests {
    /// `swift build` puts the executable beside the test bundle.
    private static let binary = URL(fileURLWithPath: CommandLine.arguments[0])
        .deletingLastPathComponent().appendingPathComponent("yolo-edge")
    private static var binaryExists: Bool { FileManager.default.isExecutableFile(atPath: binary.path) }

    private func run(_ arguments: [String]) throws -> (status: Int32, standardError: String) {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    @Test func badConfigStopsBeforeAnythingStarts() throws {
        try #require(Self.binaryExists, "build the yolo-edge product first (swift build)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ye-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("config.toml").path
        let socket = directory.appendingPathComponent("detections.sock").path
        try "socket = \"\(socket)\"\n\n[detection]\niou = \"high\"\n".write(toFile: config, atomically: true, encoding: .utf8)

        let result = try run(["run", "--config", config])
        #expect(result.status == 78)
        #expect(result.standardError == "<3>yolo-edge: \(config):4: key 'detection.iou': expected a number, found string\n")
        #expect(!FileManager.default.fileExists(atPath: socket), "nothing was started")
    }

    @Test func badFlagIsReportedWithTheFlagName() throws {
        try #require(Self.binaryExists, "build the yolo-edge product first (swift build)")
        let result = try run(["run", "--config", "/dev/null", "--threads", "0"])
        #expect(result.status == 78)
        #expect(result.standardError == "<3>yolo-edge: command line: key '--threads': must be between 1 and 256, got 0\n")
    }
}
