/// Why a model could not be loaded, with a message that names what is wrong
/// and where (file, table, operator, tensor).
public struct ModelLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case fileNotFound
        case unreadable
        /// Neither a TFLite flatbuffer nor a `.yem` file.
        case unknownFormat
        /// The bytes contradict the format: bad offsets, lengths, indices, sizes.
        case malformed
        /// Well-formed, but beyond what the engine runs (op, type, version, limit).
        case unsupported
        /// A `.yem` file whose bytes do not match its stored checksum.
        case checksumMismatch
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    static func malformed(_ message: String) -> Self { Self(.malformed, message) }
    static func unsupported(_ message: String) -> Self { Self(.unsupported, message) }

    /// The same error with `context` ("operator 12 (CONV_2D)") in front.
    func within(_ context: String) -> Self { Self(kind, "\(context): \(message)") }
}

/// Runs `body`, prefixing any load error with `context` so that nested
/// readers produce messages like "subgraph 0: tensor 7: ...".
func withContext<T>(
    _ context: @autoclosure () -> String, _ body: () throws(ModelLoadError) -> T
) throws(ModelLoadError) -> T {
    do {
        return try body()
    } catch {
        throw error.within(context())
    }
}
