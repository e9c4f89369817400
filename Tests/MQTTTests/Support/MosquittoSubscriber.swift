import Foundation
import Glibc
import Synchronization

/// `mosquitto_sub` as the independent reader: it subscribes, prints what arrives and exits after
/// `count` messages or `timeout`. Run with `-d`, so the test can wait for its SUBACK.
final class MosquittoSubscriber {
    static let executable = "/usr/bin/mosquitto_sub"
    static let lineBuffering = "/usr/bin/stdbuf"

    enum Format {
        /// `topic payload` (`-v`).
        case text
        /// `topic hex-payload`: byte-exact whatever the payload holds.
        case hex
    }

    private let process = Process()
    private let output = Output()
    private let timeout: Duration

    /// - Parameters:
    ///   - count: exit after this many messages (`-C`); nil: only the timeout ends it.
    ///   - timeout: seconds before it exits anyway (`-W`).
    ///   - user: login, for brokers with a password file.
    ///   - caFile: TLS with this CA file.
    init(
        broker: MosquittoBroker, topic: String, count: Int?, timeout: Int = 10, format: Format = .text,
        user: MosquittoBroker.User? = nil, caFile: String? = nil
    ) throws {
        self.timeout = .seconds(timeout)
        var arguments = ["-d", "-h", "127.0.0.1", "-p", "\(broker.port)", "-t", topic, "-q", "1", "-W", "\(timeout)"]
        if let count { arguments += ["-C", "\(count)"] }
        switch format {
        case .text: arguments += ["-v"]
        case .hex: arguments += ["-F", "%t %x"]
        }
        if let user { arguments += ["-u", user.name, "-P", user.password] }
        if let caFile { arguments += ["--cafile", caFile] }
        // Line-buffered: into a pipe, mosquitto_sub would hold its SUBACK line back.
        process.executableURL = URL(fileURLWithPath: Self.lineBuffering)
        process.arguments = ["-oL", Self.executable] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try ChildProcess.launch(process)
        let reader = pipe.fileHandleForReading
        let output = output
        Thread {
            while true {
                let data = reader.availableData
                if data.isEmpty { break }
                output.append(data)
            }
            output.finish()
        }.start()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Waits until the broker has confirmed the subscription `times` times (each reconnect of
    /// `mosquitto_sub` subscribes again).
    func waitUntilSubscribed(times: Int = 1, within timeout: Duration = .seconds(10)) -> Bool {
        eventually(within: timeout) { output.text.components(separatedBy: "received SUBACK").count - 1 >= times }
    }

    /// The messages received, one line each, after `mosquitto_sub` has exited (killed, should its
    /// own timeout fail, a few seconds after it).
    func messages() -> [String] {
        if !eventually(within: timeout + .seconds(5), { !process.isRunning }) {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        _ = eventually { output.isFinished }
        return output.text.split(separator: "\n").map(String.init).filter { line in
            !line.hasPrefix("Client ") && !line.hasPrefix("Subscribed (") && !line.hasPrefix("Timed out")
        }
    }

    /// Everything it printed, debug lines too: for failure messages.
    var transcript: String { output.text }

    private final class Output: Sendable {
        private let state = Mutex<(data: Data, finished: Bool)>((Data(), false))

        func append(_ data: Data) { state.withLock { $0.data.append(data) } }
        func finish() { state.withLock { $0.finished = true } }
        var isFinished: Bool { state.withLock { $0.finished } }
        var text: String { String(decoding: state.withLock { $0.data }, as: UTF8.self) }
    }
}
