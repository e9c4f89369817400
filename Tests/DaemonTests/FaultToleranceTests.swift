import Foundation
import Glibc
import TestSupport
import Testing

/// `yolo-edge run` against the faults an operator meets: a config or model that is not a
/// file, a socket path too long or taken over, signals at awkward moments. The daemon must
/// neither hang nor crash, exit with the status systemd acts on, and never remove a socket
/// that is not its own.
@Suite(.serialized) struct FaultToleranceTests {
    static func waitFor(_ condition: () -> Bool, within limit: Duration = .seconds(120)) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while !condition() {
            guard ContinuousClock.now < deadline else { return false }
            try await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    @Test func aConfigThatIsAFIFOIsAConfigurationError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fifo = directory.file("config.toml").path
        try #require(mkfifo(fifo, 0o600) == 0)
        let result = try runBuiltBinary(["run", "--config", fifo, "--socket", directory.file("s").path])
        #expect(result.status == 78, "\(result.errors)")
        #expect(result.errors.contains("\(fifo): cannot read the config file: is a FIFO, not a regular file"), "\(result.errors)")
    }

    @Test func aMissingModelIsAConfigurationErrorNotARestartLoop() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try runBuiltBinary([
            "run", "--config", "/dev/null", "--socket", directory.file("s").path,
            "--model", directory.file("missing.tflite").path, "--source", "/dev/video99",
        ])
        #expect(result.status == 78, "\(result.errors)")
        #expect(result.errors.contains("missing.tflite: no such model file"), "\(result.errors)")
        #expect(!FileManager.default.fileExists(atPath: directory.file("s").path), "the socket file is removed")
    }

    @Test(arguments: [103, 104])
    func socketPathsUpToTheirLimitWorkAndLongerOnesAreAConfigurationError(length: Int) throws {
        try ReferenceData.require()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let prefix = directory.path + "/"
        let socket = prefix + String(repeating: "s", count: length - prefix.utf8.count)
        try #require(socket.utf8.count == length)
        let result = try runBuiltBinary([
            "run", "--config", "/dev/null", "--socket", socket, "--model", directory.file("missing.tflite").path,
        ])
        #expect(result.status == 78, "\(result.errors)")
        if length > 103 {
            #expect(result.errors.contains("key '--socket': is 104 bytes long; a Unix socket path may have at most 103"), "\(result.errors)")
        } else {
            #expect(result.errors.contains("no such model file"), "the path was accepted: \(result.errors)")
        }
    }

    /// Daemon A's socket is deleted and daemon B binds the same path: A notices, stops with
    /// status 1 (for systemd to restart it) and leaves B's socket alone.
    @Test func aDaemonWhoseSocketWasTakenOverStopsAndLeavesTheNewOneAlone() async throws {
        try ReferenceData.require()
        let images = "images:\(ReferenceData.validationImages.path):loop"
        let model = ReferenceData.fullIntegerModel.path
        let first = try DaemonProcess(arguments: ["--model", model, "--source", images, "--threads", "1"])
        let path = first.socketPath
        #expect(try await Self.waitFor { FileManager.default.fileExists(atPath: path) }, "\(first.log)")
        try FileManager.default.removeItem(atPath: path)
        // The last --socket wins: the second daemon binds the first one's path.
        let second = try DaemonProcess(arguments: ["--socket", path, "--model", model, "--source", images, "--threads", "1"])
        #expect(try await Self.waitFor { FileManager.default.fileExists(atPath: path) }, "\(second.log)")
        #expect(try await Self.waitFor({ !first.isRunning }, within: .seconds(30)), "A kept running without its socket: \(first.log)")
        #expect(first.terminationStatus == 1)
        #expect(first.log.contains("was removed or replaced"), "\(first.log)")
        var status = stat()
        #expect(lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFSOCK, "B's socket survived A")
        #expect(second.isRunning, "\(second.log)")
        _ = second.terminate()
        #expect(!FileManager.default.fileExists(atPath: path), "B removed its own socket")
    }

    @Test func sigtermRightAfterStartStopsCleanlyAndRemovesTheSocket() async throws {
        try ReferenceData.require()
        let daemon = try DaemonProcess(arguments: [
            "--model", ReferenceData.fullIntegerModel.path, "--source", "images:\(ReferenceData.validationImages.path):loop",
        ])
        try await Task.sleep(for: .milliseconds(30))
        kill(daemon.pid, SIGTERM)
        #expect(try await Self.waitFor({ !daemon.isRunning }, within: .seconds(120)), "\(daemon.log)")
        #expect(daemon.terminationStatus == 0, "\(daemon.log)")
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath), "\(daemon.log)")
    }

    /// A reload whose config became a FIFO fails at once (no open() waiting for a writer), so
    /// the SIGTERM after it stops the daemon within its budget instead of crashing it.
    @Test func aReloadOfAFIFOConfigNeitherHangsNorCrashesTheStop() async throws {
        try ReferenceData.require()
        let daemon = try DaemonProcess(arguments: [
            "--model", ReferenceData.fullIntegerModel.path, "--source", "images:\(ReferenceData.validationImages.path):loop",
            "--threads", "1",
        ])
        try await daemon.waitForFirstFrame()
        let config = daemon.directory.file("config.toml").path
        try FileManager.default.removeItem(atPath: config)
        try #require(mkfifo(config, 0o600) == 0)
        kill(daemon.pid, SIGHUP)
        #expect(try await Self.waitFor({ daemon.log.contains("reload failed") }, within: .seconds(30)), "\(daemon.log)")
        let stop = daemon.terminate()
        #expect(stop != nil && stop! < .seconds(2), "stopped after \(String(describing: stop)): \(daemon.log)")
        #expect(daemon.terminationStatus == 0, "\(daemon.log)")
        #expect(daemon.log.contains("is a FIFO, not a regular file"), "\(daemon.log)")
    }
}
