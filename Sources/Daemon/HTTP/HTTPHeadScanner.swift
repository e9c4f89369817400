/// Finds where request heads end in a stream of bytes, and counts each head's bytes, before any
/// decoder has kept them. A head ends at its first empty line; empty lines before a request
/// belong to no head yet (RFC 9112 §2.2 lets a server skip them). Lines end in CRLF or a bare
/// LF, as the HTTP decoder accepts both.
struct HTTPHeadScanner {
    /// Bytes of the current head so far, empty lines before it included.
    private(set) var byteCount = 0
    private var isAtLineStart = true
    private var hasContent = false

    /// Consumes `bytes` up to the end of the current head.
    /// - Returns: how many bytes belong to the head, and whether it ends with them.
    mutating func consume(_ bytes: UnsafeRawBufferPointer) -> (count: Int, endsHead: Bool) {
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "\n"):
                if isAtLineStart && hasContent {
                    byteCount += index + 1
                    return (index + 1, true)
                }
                isAtLineStart = true
            case UInt8(ascii: "\r"):
                break
            default:
                isAtLineStart = false
                hasContent = true
            }
        }
        byteCount += bytes.count
        return (bytes.count, false)
    }
}
