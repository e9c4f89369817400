import Infer
import TOMLKit

/// Reads a TOML config file into a `DaemonConfig`, starting from the defaults. Keys that are
/// absent keep their default; unknown keys, wrong types and impossible values are errors.
enum ConfigLoader {
    static func load(path: String, defaults: DaemonConfig = DaemonConfig()) throws(ConfigError) -> DaemonConfig {
        // `--config /dev/null` is the usual way to say "no file, defaults and flags only".
        guard path != "/dev/null" else { return defaults }
        let bytes: [UInt8]
        do {
            bytes = try RegularFile.read(path, limit: maxBytes)
        } catch {
            throw ConfigError(origin: path, line: nil, key: nil, problem: .unreadable(error.reason))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigError(origin: path, line: nil, key: nil, problem: .unreadable("not UTF-8 text"))
        }
        return try parse(text, origin: path, defaults: defaults)
    }

    /// No config is this long.
    static let maxBytes = 1 << 20

    static func parse(_ text: String, origin: String, defaults: DaemonConfig = DaemonConfig()) throws(ConfigError) -> DaemonConfig {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(origin: origin, line: error.source.begin.line, key: nil, problem: .syntax(error.description))
        } catch {
            throw ConfigError(origin: origin, line: nil, key: nil, problem: .syntax("\(error)"))
        }

        let locator = TOMLKeyLocator(text: text)
        var config = defaults
        let sections = Set(ConfigField.all.compactMap(\.section))

        // Sorted so that the first problem reported does not depend on hash order.
        for key in root.keys.sorted() {
            guard let value = root[key] else { continue }
            if sections.contains(key) {
                guard let table = value.table else {
                    throw ConfigError(
                        origin: origin, line: locator.line(ofSection: key), key: key,
                        problem: .wrongType(expected: "a table", found: value.type.rawValue))
                }
                for innerKey in table.keys.sorted() {
                    guard let innerValue = table[innerKey] else { continue }
                    try apply(innerValue, key: innerKey, section: key, to: &config, origin: origin, locator: locator)
                }
            } else {
                try apply(value, key: key, section: nil, to: &config, origin: origin, locator: locator)
            }
        }
        return config
    }

    private static func apply(
        _ value: any TOMLValueConvertible, key: String, section: String?, to config: inout DaemonConfig,
        origin: String, locator: TOMLKeyLocator
    ) throws(ConfigError) {
        let path = section.map { "\($0).\(key)" } ?? key
        // A key inside an inline table (`detection = { iou = 2 }`) has no line of its own.
        let line = locator.line(ofKey: key, inSection: section) ?? section.flatMap { locator.line(ofSection: $0) }
        guard let field = ConfigField.all.first(where: { $0.section == section && $0.name == key }) else {
            throw ConfigError(origin: origin, line: line, key: path, problem: .unknownKey)
        }
        if let problem = field.apply(value, &config) {
            throw ConfigError(origin: origin, line: line, key: path, problem: problem)
        }
    }
}
