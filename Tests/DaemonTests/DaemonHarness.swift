import Foundation
import Glibc
import Logging
import TestSupport
@testable import Daemon
@testable import YoloEdge

/// Runs the daemon in this process on test doubles, with a real listening socket and a real
/// notify socket. Signals go to this process, so the suites that use it are serialized.
final class DaemonHarness: Sendable {
    let directory: TemporaryDirectory
    let socketPath: String
    let notify: NotifySocket
    private let task: Task<Void, any Error>

    /// - Parameters:
    ///   - configFile: TOML written to a file the daemon reads (and re-reads on SIGHUP).
    ///   - factory: builds the source and detector from the config, as the integration will.
    ///   - sourceOpenTimeout: how long a reloaded source may take to open.
    init(configFile: String = "", sourceOpenTimeout: Duration = .seconds(5), factory: @escaping PipelineFactory) async throws {
        directory = try TemporaryDirectory()
        socketPath = directory.file("detections.sock").path
        notify = try NotifySocket(directory: directory.url)
        setenv("NOTIFY_SOCKET", notify.path, 1)
        setenv("WATCHDOG_USEC", "500000", 1)
        unsetenv("WATCHDOG_PID")

        let configPath = directory.file("config.toml").path
        try configFile.write(toFile: configPath, atomically: true, encoding: .utf8)
        let source = ConfigSource(path: configPath, overrides: ConfigOverrides(socket: socketPath))
        let config = try source.resolve()
        let logger = Logger(label: "yolo-edge-test") { label in JournalLogHandler(label: label, level: .warning) }
        let runtime = DaemonRuntime(
            configSource: source, config: config, factory: factory, logger: logger, sourceOpenTimeout: sourceOpenTimeout)
        task = Task { try await runtime.run() }
    }

    /// Runs the daemon on `source` and `detector`, whatever the config names.
    convenience init(configFile: String = "", source: TestFrameSource, detector: TestDetector) async throws {
        try await self.init(configFile: configFile) { _ in PipelineComponents(source: source, detector: detector) }
    }

    var configPath: String { directory.file("config.toml").path }

    /// Waits for `READY=1`, i.e. the daemon is serving and its signal handlers are in place.
    func waitUntilReady() async -> Bool {
        await notify.waitFor("READY=1")
    }

    /// Sends SIGTERM and waits for the daemon to finish.
    /// - Returns: how long the shutdown took.
    func terminate() async throws -> Duration {
        let start = ContinuousClock.now
        kill(getpid(), SIGTERM)
        try await task.value
        return ContinuousClock.now - start
    }

    func reload() {
        kill(getpid(), SIGHUP)
    }

    func cleanUp() async {
        notify.close()
        directory.remove()
    }

    /// Reads lines from the daemon until `handle` returns false, failing after `timeout` seconds.
    func readLines(request: String? = nil, timeout: Double = 15, _ handle: @escaping @Sendable (String) -> Bool) async throws {
        try await readProtocolLines(socket: socketPath, request: request, timeout: timeout, handle)
    }
}

struct TimedOut: Error {}

/// Reads lines from the daemon at `socket` until `handle` returns false, failing after `timeout`
/// seconds.
func readProtocolLines(
    socket: String, request: String? = nil, timeout: Double, _ handle: @escaping @Sendable (String) -> Bool
) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            try await ProtocolClient.readLines(socket: socket, request: request) { handle($0) }
        }
        group.addTask {
            try await Task.sleep(for: .seconds(timeout))
            throw TimedOut()
        }
        try await group.next()
        group.cancelAll()
    }
}

/// Parses a protocol line into a JSON object.
func jsonObject(_ line: String) -> [String: Any]? {
    try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
}

/// Runs a program and returns its first `lines` lines of output, then stops it.
func firstLines(_ lines: Int, of executable: String, _ arguments: [String]) async throws -> [String] {
    try await linesUntil(of: executable, arguments) { $0.count >= lines }.prefix(lines).map { $0 }
}

/// Runs a program and returns its lines of output until `enough` holds for them (or the
/// program ends), then stops it.
func linesUntil(
    of executable: String, _ arguments: [String], _ enough: @escaping @Sendable ([String]) -> Bool
) async throws -> [String] {
    try await BlockingWork.run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var text = ""
        var complete: [String] { text.split(separator: "\n").dropLast(text.hasSuffix("\n") ? 0 : 1).map(String.init) }
        while !enough(complete) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return complete
    }
}
