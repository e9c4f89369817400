#if canImport(Glibc)
import Glibc
#endif

/// One zero-filled, page-aligned (so 64-byte-aligned) block with a fixed
/// size, mapped once and unmapped with its owner. The arena and the constant
/// pool are built on it.
///
/// Mapped rather than taken from malloc: the kernel supplies zeroed pages as
/// they are first touched, so an arena costs resident memory only from the
/// first run on (after the model's load-time copies are gone), and unmapping
/// hands the memory back at once instead of leaving a freed block in the heap.
final class AlignedBuffer: @unchecked Sendable {
    static let alignment = 64

    let byteCount: Int
    private let base: UnsafeMutableRawPointer
    private let mappedBytes: Int

    init(byteCount: Int) {
        self.byteCount = byteCount
        mappedBytes = max(byteCount, 1)
        let address = mmap(nil, mappedBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let address, address != MAP_FAILED else {
            fatalError("cannot map \(byteCount) bytes of memory (\(String(cString: strerror(errno))))")
        }
        base = address
    }

    deinit { munmap(base, mappedBytes) }

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
