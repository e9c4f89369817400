/// A config problem, reported before anything starts. Its description names the file, the line
/// and the key, e.g. `config.toml:7: key 'size': must be a multiple of 32, got 650`.
package struct ConfigError: Error, Equatable, CustomStringConvertible {
    package enum Problem: Equatable, Sendable {
        case unreadable(String)
        case syntax(String)
        case unknownKey
        case wrongType(expected: String, found: String)
        case invalidValue(String)
    }

    /// The config file, or `command line` for a flag.
    package var origin: String
    package var line: Int?
    /// Dotted key path (`detection.iou`), or the flag name.
    package var key: String?
    package var problem: Problem

    package var description: String {
        var text = origin
        if let line { text += ":\(line)" }
        text += ": "
        if let key { text += "key '\(key)': " }
        switch problem {
        case .unreadable(let reason): text += "cannot read the config file: \(reason)"
        case .syntax(let reason): text += "invalid TOML: \(reason)"
        case .unknownKey: text += "unknown key"
        case .wrongType(let expected, let found): text += "expected \(expected), found \(found)"
        case .invalidValue(let reason): text += reason
        }
        return text
    }
}
