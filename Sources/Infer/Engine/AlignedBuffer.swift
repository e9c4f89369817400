/// One zero-filled, 64-byte-aligned allocation with a fixed size, made once
/// and freed with its owner. The arena and the constant pool are built on it.
final class AlignedBuffer: @unchecked Sendable {
    static let alignment = 64

    let byteCount: Int
    private let base: UnsafeMutableRawPointer

    init(byteCount: Int) {
        self.byteCount = byteCount
        base = .allocate(byteCount: max(byteCount, 1), alignment: Self.alignment)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: max(byteCount, 1))
    }

    deinit { base.deallocate() }

    /// The address `offset` bytes in; the caller keeps `self` alive while it uses it.
    func address(at offset: Int) -> UnsafeMutableRawPointer {
        precondition(offset >= 0 && offset <= byteCount, "offset \(offset) outside buffer of \(byteCount) bytes")
        return base + offset
    }

    func copy(from bytes: [UInt8], to offset: Int) {
        precondition(offset + bytes.count <= byteCount, "copy past the end of the buffer")
        bytes.withUnsafeBytes { source in
            guard let source = source.baseAddress else { return }
            (base + offset).copyMemory(from: source, byteCount: bytes.count)
        }
    }
}
