import Logging
import Synchronization

/// The lines a client logged, as an operator would read them in the journal.
final class CapturedLog: Sendable {
    private let lines = Mutex<[String]>([])

    /// A logger that writes here, at `.debug` and above, labelled with the level.
    func logger() -> Logger {
        var logger = Logger(label: "mqtt-test") { _ in Handler(log: self) }
        logger.logLevel = .debug
        return logger
    }

    var all: [String] { lines.withLock { $0 } }

    /// Lines above debug (libmosquitto's own lines come at debug) that contain `text`.
    func count(_ text: String) -> Int {
        all.filter { !$0.hasPrefix("debug") && $0.contains(text) }.count
    }

    fileprivate func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    private struct Handler: LogHandler {
        let log: CapturedLog
        var logLevel = Logger.Level.debug
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            log.append("\(event.level): \(event.message)")
        }
    }
}
