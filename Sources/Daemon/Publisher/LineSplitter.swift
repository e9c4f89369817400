import NIOCore

/// Cuts a byte stream into newline-terminated lines.
package struct LineSplitter {
    private var pending = ByteBuffer()

    package init() {}

    package mutating func append(_ chunk: ByteBuffer) {
        var chunk = chunk
        pending.writeBuffer(&chunk)
    }

    /// The next complete line without its newline, or nil until more bytes arrive.
    package mutating func nextLine() -> String? {
        guard let newline = pending.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            pending.discardReadBytes()
            return nil
        }
        let line = pending.readString(length: newline - pending.readerIndex) ?? ""
        pending.moveReaderIndex(forwardBy: 1)
        return line
    }

    /// Bytes received after the last complete line.
    package var pendingByteCount: Int { pending.readableBytes }
}
