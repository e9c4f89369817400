import Foundation

/// A fresh, empty directory under the system temporary directory; the test
/// removes it with `remove()` (usually in a `defer`).
public struct TemporaryDirectory: Sendable {
    public let url: URL
    public var path: String { url.path }

    /// The name is short on purpose: Unix socket paths inside it must stay
    /// under 108 bytes.
    public init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("ye-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The URL of `name` inside the directory.
    public func file(_ name: String) -> URL {
        url.appendingPathComponent(name)
    }

    /// Writes `text` as UTF-8 to `name` inside the directory.
    public func write(_ text: String, to name: String) throws {
        try Data(text.utf8).write(to: file(name))
    }

    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
