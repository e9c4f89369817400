/// Bounds-checked little-endian reads from a model file held in memory.
///
/// Every read names what it reads, so a short file yields "root table at
/// offset 1234 needs 4 bytes, but the file is 1200 bytes" instead of a trap.
struct LittleEndianBytes: Sendable {
    let storage: [UInt8]
    /// Stored, not computed: it is read on every bounds check.
    let count: Int

    init(_ storage: [UInt8]) {
        self.storage = storage
        count = storage.count
    }

    /// Throws unless `length` bytes starting at `offset` lie inside the file.
    func requireRange(
        _ offset: Int, _ length: Int, _ what: @autoclosure () -> String
    ) throws(ModelLoadError) {
        guard offset >= 0, length >= 0, offset <= count, length <= count - offset else {
            throw .malformed(
                "\(what()) at offset \(offset) needs \(length) bytes, but the file is \(count) bytes")
        }
    }

    func integer<T: FixedWidthInteger>(
        _: T.Type, at offset: Int, _ what: @autoclosure () -> String
    ) throws(ModelLoadError) -> T {
        let width = MemoryLayout<T>.size
        try requireRange(offset, width, what())
        // Assemble in a concrete UInt64: generic arithmetic per byte is slow
        // in unoptimised builds, and the loader runs in debug-built tests.
        let storage = storage
        var value: UInt64 = 0
        for index in 0..<width {
            value |= UInt64(storage[offset + index]) << UInt64(8 * index)
        }
        return T(truncatingIfNeeded: value)
    }

    func float32(at offset: Int, _ what: @autoclosure () -> String) throws(ModelLoadError) -> Float {
        Float(bitPattern: try integer(UInt32.self, at: offset, what()))
    }

    func bytes(
        at offset: Int, count length: Int, _ what: @autoclosure () -> String
    ) throws(ModelLoadError) -> ArraySlice<UInt8> {
        try requireRange(offset, length, what())
        return storage[offset..<(offset + length)]
    }
}
