import Logging

/// Writes log lines to stderr with the sd-daemon priority prefix (`<3>` error … `<7>` debug),
/// which journald turns into the entry's priority. One `write` per line keeps lines whole when
/// threads log at once.
package struct JournalLogHandler: LogHandler {
    package var logLevel: Logger.Level
    package var metadata: Logger.Metadata = [:]
    package let label: String
    private let output: @Sendable (String) -> Void

    package init(label: String, level: Logger.Level, output: @escaping @Sendable (String) -> Void = StandardError.write) {
        self.label = label
        self.logLevel = level
        self.output = output
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var line = "<\(Self.priority(event.level))>\(event.message)"
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            line += " \(key)=\(value)"
        }
        output(line + "\n")
    }

    /// syslog priorities as sd-daemon(3) defines them.
    package static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .critical: 2
        case .error: 3
        case .warning: 4
        case .notice: 5
        case .info: 6
        case .debug, .trace: 7
        }
    }
}

extension Logger.Level {
    package init(_ name: LogLevelName) {
        switch name {
        case .trace: self = .trace
        case .debug: self = .debug
        case .info: self = .info
        case .notice: self = .notice
        case .warning: self = .warning
        case .error: self = .error
        case .critical: self = .critical
        }
    }
}
