import Foundation
import Glibc
import TestSupport
import Testing

/// `yolo-edge run` from the built binary, as a child process with its own socket and a config
/// file the test writes; stderr goes to a file shown when something fails.
final class DaemonProcess {
    let directory: TemporaryDirectory
    let socketPath: String
    private let process = Process()

    /// - Parameters:
    ///   - config: the TOML config file's contents.
    ///   - arguments: flags after `run --config FILE --socket PATH`.
    init(config: String = "", arguments: [String]) throws {
        let binary = try builtBinary()
        directory = try TemporaryDirectory()
        socketPath = directory.file("detections.sock").path
        try directory.write(config, to: "config.toml")
        _ = FileManager.default.createFile(atPath: directory.file("stderr.log").path, contents: nil)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["run", "--config", directory.file("config.toml").path, "--socket", socketPath] + arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("NOTIFY_") && !$0.key.hasPrefix("WATCHDOG_") }
        process.standardError = try FileHandle(forWritingTo: directory.file("stderr.log"))
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        directory.remove()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    /// The exit status; nil while the daemon still runs (Foundation traps on asking then).
    var terminationStatus: Int32? { process.isRunning ? nil : process.terminationStatus }
    var log: String { (try? String(contentsOf: directory.file("stderr.log"), encoding: .utf8)) ?? "" }

    /// Waits until the daemon publishes its first detections line: the model is loaded and
    /// frames flow. A debug build takes tens of seconds on a busy machine.
    func waitForFirstFrame(timeout: Duration = .seconds(300)) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        try await waitForSocket(timeout: timeout)
        let first = LineCollector(untilCount: 1, of: "detections")
        try await readProtocolLines(socket: socketPath, timeout: Double((deadline - clock.now).components.seconds)) { first.take($0) }
    }

    /// Waits until the daemon has bound its socket.
    func waitForSocket(timeout: Duration = .seconds(300)) async throws {
        let deadline = ContinuousClock.now + timeout
        while !FileManager.default.fileExists(atPath: socketPath) {
            try #require(process.isRunning && ContinuousClock.now < deadline, "no socket: \(log)")
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The daemon's resident set size (VmRSS in /proc/PID/status), in bytes.
    func residentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = line.split(whereSeparator: \.isWhitespace).dropFirst().first.flatMap({ Int($0) })
        else { return nil }
        return kilobytes * 1024
    }

    /// Sends SIGTERM and waits up to `limit` for the process to exit.
    /// - Returns: the time from the signal to the exit, or nil if it had not exited by then.
    func terminate(limit: Duration = .seconds(10)) -> Duration? {
        let clock = ContinuousClock()
        let sent = clock.now
        kill(pid, SIGTERM)
        while process.isRunning {
            if clock.now - sent > limit { return nil }
            usleep(2000)
        }
        return clock.now - sent
    }
}
