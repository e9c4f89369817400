/// Why a file yolo-edge was given could not be read. The message names the file and, for a
/// file too large, the limit.
public struct FileAccessError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case notFound
        /// A directory, device, FIFO or socket: something that may never end or never answer.
        case notRegularFile
        case tooLarge
        case unreadable
    }

    public var kind: Kind
    public var path: String
    /// What is wrong, without the path: "is a FIFO, not a regular file".
    public var reason: String

    public init(_ kind: Kind, path: String, reason: String) {
        self.kind = kind
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
