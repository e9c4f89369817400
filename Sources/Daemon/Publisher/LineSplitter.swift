import NIOCore

/// Cuts a byte stream into newline-terminated lines.
package struct LineSplitter {
    private var pending = ByteBuffer()
    /// Pending bytes already searched for a newline, so that a long line arriving in many
    /// chunks is scanned once, not once per chunk.
    private var searchedBytes = 0

    package init() {}

    package mutating func append(_ chunk: ByteBuffer) {
        var chunk = chunk
        pending.writeBuffer(&chunk)
    }

    /// The next complete line without its newline, or nil until more bytes arrive.
    package mutating func nextLine() -> String? {
        let unsearched = pending.readableBytesView.dropFirst(searchedBytes)
        guard let newline = unsearched.firstIndex(of: UInt8(ascii: "\n")) else {
            searchedBytes = pending.readableBytes
            pending.discardReadBytes()
            return nil
        }
        searchedBytes = 0
        let line = pending.readString(length: newline - pending.readerIndex) ?? ""
        pending.moveReaderIndex(forwardBy: 1)
        return line
    }

    /// Bytes received after the last complete line.
    package var pendingByteCount: Int { pending.readableBytes }
}
