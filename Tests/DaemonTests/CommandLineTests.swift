import Foundation
import Testing
@testable import Daemon

/// The built `yolo-edge` binary, run as a subprocess.
struct CommandLineTests {
    /// `swift build` puts the executable beside the test bundle.
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0])
        .deletingLastPathComponent().appendingPathComponent("yolo-edge")
    static var binaryExists: Bool { FileManager.default.isExecutableFile(atPath: binary.path) }

    private func run(_ arguments: [String]) throws -> (status: Int32, standardError: String) {
        try run(executable: Self.binary, arguments)
    }

    func run(executable: URL, _ arguments: [String]) throws -> (status: Int32, standardError: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        // Other tests in this process point NOTIFY_SOCKET at their own listener.
        process.environment = ProcessInfo.processInfo.environment.filter {
            !["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"].contains($0.key)
        }
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

extension CommandLineTests {
    /// systemd socket activation: the listening socket arrives as fd 3 with LISTEN_FDS=1 and
    /// LISTEN_PID set to the daemon's pid. A small Python launcher plays systemd: it binds the
    /// socket, moves it to fd 3 and execs the daemon in its own process.
    @Test func usesTheSocketSystemdPasses() throws {
        try #require(Self.binaryExists, "build the yolo-edge product first (swift build)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ye-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let socket = directory.appendingPathComponent("activated.sock").path
        let unusedPath = directory.appendingPathComponent("not-bound.sock").path
        let launcher = """
            import os, socket, sys
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            listener.bind(sys.argv[1]); listener.listen(8)
            os.dup2(listener.fileno(), 3); os.set_inheritable(3, True)
            os.environ.update(LISTEN_FDS="1", LISTEN_PID=str(os.getpid()))
            os.execv(sys.argv[2], [sys.argv[2]] + sys.argv[3:])
            """
        let result = try run(executable: URL(fileURLWithPath: "/usr/bin/env"), [
            "python3", "-c", launcher, socket, Self.binary.path, "run", "--config", "/dev/null", "--socket", unusedPath,
            "--model", directory.appendingPathComponent("missing.tflite").path,
        ])
        #expect(result.standardError.contains("<6>listening on the socket passed by systemd (fd 3)\n"))
        #expect(!FileManager.default.fileExists(atPath: unusedPath), "the configured path was not bound")
        #expect(FileManager.default.fileExists(atPath: socket), "systemd's socket is not the daemon's to remove")
        // The model cannot be loaded, so the daemon stops after opening the socket.
        #expect(result.status == 1)
    }
}
