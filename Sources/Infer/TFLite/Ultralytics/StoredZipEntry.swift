/// Finds an uncompressed ("stored") entry of a ZIP archive appended to a
/// file, as Ultralytics appends its metadata to exported TFLite models.
///
/// Everything is bounds-checked and CRC-verified; any mismatch means "no
/// such entry", because the metadata is optional.
enum StoredZipEntry {
    private static let endRecordSignature: UInt32 = 0x0605_4B50
    private static let centralEntrySignature: UInt32 = 0x0201_4B50
    private static let localHeaderSignature: UInt32 = 0x0403_4B50
    private static let endRecordSize = 22
    private static let maxCommentSize = 0xFFFF

    /// The contents of the stored entry `name`, or `nil`.
    static func contents(of name: String, in storage: [UInt8]) -> ArraySlice<UInt8>? {
        try? find(Array(name.utf8), in: LittleEndianBytes(storage))
    }

    private static func find(_ name: [UInt8], in bytes: LittleEndianBytes) throws(ModelLoadError)
        -> ArraySlice<UInt8>?
    {
        guard let end = try endRecordPosition(bytes) else { return nil }
        let entryCount = Int(try bytes.integer(UInt16.self, at: end + 10, "zip entry count"))
        let directorySize = Int(try bytes.integer(UInt32.self, at: end + 12, "zip directory size"))
        let directoryOffset = Int(try bytes.integer(UInt32.self, at: end + 16, "zip directory offset"))
        // Offsets are relative to the archive start; when the archive was
        // appended they may or may not count the bytes in front of it.
        let directory = end - directorySize
        let archiveStart = directory - directoryOffset
        guard archiveStart >= 0 else { return nil }
        var entry = directory
        for _ in 0..<entryCount {
            guard try bytes.integer(UInt32.self, at: entry, "zip entry") == centralEntrySignature else {
                return nil
            }
            let method = try bytes.integer(UInt16.self, at: entry + 10, "zip method")
            let crc = try bytes.integer(UInt32.self, at: entry + 16, "zip crc")
            let size = Int(try bytes.integer(UInt32.self, at: entry + 20, "zip size"))
            let nameLength = Int(try bytes.integer(UInt16.self, at: entry + 28, "zip name"))
            let extraLength = Int(try bytes.integer(UInt16.self, at: entry + 30, "zip extra"))
            let commentLength = Int(try bytes.integer(UInt16.self, at: entry + 32, "zip comment"))
            let localHeader = Int(try bytes.integer(UInt32.self, at: entry + 42, "zip header offset"))
            let entryName = try bytes.bytes(at: entry + 46, count: nameLength, "zip name")
            if method == 0, entryName.elementsEqual(name) {
                return try storedData(
                    at: archiveStart + localHeader, size: size, crc: crc, in: bytes)
            }
            entry += 46 + nameLength + extraLength + commentLength
        }
        return nil
    }

    /// The end-of-central-directory record, searched backwards over the
    /// largest possible archive comment.
    private static func endRecordPosition(_ bytes: LittleEndianBytes) throws(ModelLoadError) -> Int? {
        let last = bytes.count - endRecordSize
        guard last >= 0 else { return nil }
        // Test the first byte ("P") alone first: this scan may cover 64 KiB.
        for position in stride(from: last, through: max(0, last - maxCommentSize), by: -1)
        where bytes.storage[position] == 0x50 {
            if try bytes.integer(UInt32.self, at: position, "zip end record") == endRecordSignature {
                return position
            }
        }
        return nil
    }

    private static func storedData(
        at header: Int, size: Int, crc: UInt32, in bytes: LittleEndianBytes
    ) throws(ModelLoadError) -> ArraySlice<UInt8>? {
        guard try bytes.integer(UInt32.self, at: header, "zip local header") == localHeaderSignature else {
            return nil
        }
        let nameLength = Int(try bytes.integer(UInt16.self, at: header + 26, "zip name"))
        let extraLength = Int(try bytes.integer(UInt16.self, at: header + 28, "zip extra"))
        let data = try bytes.bytes(at: header + 30 + nameLength + extraLength, count: size, "zip data")
        return CRC32.checksum(bytes.storage, data.indices) == crc ? data : nil
    }
}
