import Infer
import TOMLKit
import Track

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

        let zoneTables = ZoneTableReader(origin: origin, locator: locator)
        // Sorted so that the first problem reported does not depend on hash order.
        for key in root.keys.sorted() {
            guard let value = root[key] else { continue }
            if key == "zones" {
                config.zones = try zoneTables.zones(value)
            } else if key == "lines" {
                config.lines = try zoneTables.lines(value)
            } else if sections.contains(key) {
                guard let table = value.table else {
                    throw ConfigError(
                        origin: origin, line: locator.line(ofSection: key), key: key,
                        problem: .wrongType(expected: "a table", found: value.type.rawValue))
                }
                // The bridges are on when their table is there; `enabled = false` in it turns them off.
                if key == "mqtt" { config.mqtt.enabled = true }
                if key == "http" { config.http.enabled = true }
                for innerKey in table.keys.sorted() {
                    guard let innerValue = table[innerKey] else { continue }
                    try apply(innerValue, key: innerKey, section: key, to: &config, origin: origin, locator: locator)
                }
            } else {
                try apply(value, key: key, section: nil, to: &config, origin: origin, locator: locator)
            }
        }
        try checkNamesAreUnique(config, origin: origin, locator: locator)
        try checkBridges(config, origin: origin, locator: locator)
        if !config.tracking.enabled, !config.zones.isEmpty || !config.lines.isEmpty {
            throw ConfigError(
                origin: origin, line: locator.line(ofKey: "enabled", inSection: "tracking"), key: "tracking.enabled",
                problem: .invalidValue("zones and lines follow tracks; they need tracking enabled"))
        }
        return config
    }

    /// Clients subscribe to zones and lines by name, so one name means one thing.
    private static func checkNamesAreUnique(_ config: DaemonConfig, origin: String, locator: TOMLKeyLocator) throws(ConfigError) {
        var seen = Set<String>()
        let named = config.zones.map { ($0.definition.name, "zones", $0.key) } + config.lines.map { ($0.definition.name, "lines", $0.key) }
        for (index, (name, array, key)) in named.enumerated() where !seen.insert(name).inserted {
            let position = index < config.zones.count ? index : index - config.zones.count
            throw ConfigError(
                origin: origin, line: locator.line(ofKey: "name", inArrayTable: array, index: position), key: "\(key).name",
                problem: .invalidValue("'\(name)' names another zone or line already; names must be unique"))
        }
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
