import Foundation
import TestSupport
import Testing
@testable import YoloEdge

/// The built `yolo-edge` binary, run as a subprocess.
struct CommandLineTests {
    private func run(_ arguments: [String]) throws -> (status: Int32, standardError: String) {
        try run(executable: builtBinary(), arguments)
    }

    func run(executable: String, _ arguments: [String]) throws -> (status: Int32, standardError: String) {
        // Other tests in this process point NOTIFY_SOCKET at their own listener.
        let environment = ProcessInfo.processInfo.environment.filter {
            !["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"].contains($0.key)
        }
        let result = try Subprocess.run(executable, arguments, environment: environment)
        return (result.status, result.errors)
    }

    @Test func badConfigStopsBeforeAnythingStarts() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let config = directory.file("config.toml").path
        let socket = directory.file("detections.sock").path
        try "socket = \"\(socket)\"\n\n[detection]\niou = \"high\"\n".write(toFile: config, atomically: true, encoding: .utf8)

        let result = try run(["run", "--config", config])
        #expect(result.status == 78)
        #expect(result.standardError == "<3>yolo-edge: \(config):4: key 'detection.iou': expected a number, found string\n")
        #expect(!FileManager.default.fileExists(atPath: socket), "nothing was started")
    }

    @Test func badFlagIsReportedWithTheFlagName() throws {
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
        let binary = try builtBinary()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let socket = directory.file("activated.sock").path
        let unusedPath = directory.file("not-bound.sock").path
        let launcher = """
            import os, socket, sys
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            listener.bind(sys.argv[1]); listener.listen(8)
            os.dup2(listener.fileno(), 3); os.set_inheritable(3, True)
            os.environ.update(LISTEN_FDS="1", LISTEN_PID=str(os.getpid()))
            os.execv(sys.argv[2], [sys.argv[2]] + sys.argv[3:])
            """
        let result = try run(executable: "/usr/bin/env", [
            "python3", "-c", launcher, socket, binary, "run", "--config", "/dev/null", "--socket", unusedPath,
            "--model", directory.file("missing.tflite").path,
        ])
        #expect(result.standardError.contains("<6>listening on the socket passed by systemd (fd 3)\n"))
        #expect(!FileManager.default.fileExists(atPath: unusedPath), "the configured path was not bound")
        #expect(FileManager.default.fileExists(atPath: socket), "systemd's socket is not the daemon's to remove")
        // The model cannot be loaded, so the daemon stops after opening the socket, with the
        // status that tells systemd not to restart it.
        #expect(result.status == 78)
    }
}
