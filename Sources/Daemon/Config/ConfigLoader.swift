import FoundationEssentials
import SystemPackage
import TOMLKit

/// Reads a TOML config file into a `DaemonConfig`, starting from the defaults. Keys that are
/// absent keep their default; unknown keys, wrong types and impossible values are errors.
enum ConfigLoader {
    static func load(path: String, defaults: DaemonConfig = DaemonConfig()) throws(ConfigError) -> DaemonConfig {
        let files = FileManager.default
        func unreadable(_ reason: String) -> ConfigError {
            ConfigError(origin: path, line: nil, key: nil, problem: .unreadable(reason))
        }
        guard files.fileExists(atPath: path) else { throw unreadable("no such file") }
        guard files.isReadableFile(atPath: path) else { throw unreadable("permission denied") }
        let bytes: [UInt8]
        do {
            bytes = try contents(of: path)
        } catch let error as Errno {
            throw unreadable("\(error)")
        } catch {
            throw unreadable("larger than \(maxBytes) bytes")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw unreadable("not UTF-8 text") }
        return try parse(text, origin: path, defaults: defaults)
    }

    /// No config is this long; the limit keeps `--config /dev/zero` from reading forever.
    static let maxBytes = 1 << 20

    /// The file's bytes up to its end, read as a stream: `/dev/null` (no config) reads as
    /// empty, where FileManager's `contents(atPath:)` fails on anything not a regular file.
    private static func contents(of path: String) throws -> [UInt8] {
        let descriptor = try FileDescriptor.open(FilePath(path), .readOnly, options: .closeOnExec)
        return try descriptor.closeAfter {
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 16_384)
            while true {
                let count = try chunk.withUnsafeMutableBytes { try descriptor.read(into: $0, retryOnInterrupt: true) }
                if count == 0 { return bytes }
                bytes += chunk[..<count]
                guard bytes.count <= maxBytes else { throw ConfigTooLong() }
            }
        }
    }

    private struct ConfigTooLong: Error {}

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
