/// The 64-byte header of a `.yem` file (layout in `ModelFileFormat`).
struct ModelFileHeader: Equatable {
    /// The lowest that holds the graph's operators (`ModelFileFormat.version(for:)`).
    var version: UInt32
    var headerSize = ModelFileFormat.headerSize
    var graph: Range<Int>
    var blobs: Range<Int>
    var fileSize: Int
    /// CRC-32 of everything after the header.
    var payloadChecksum: UInt32

    /// The header checksum covers the 60 bytes in front of it.
    private static let checksummedBytes = 60

    func encoded() -> [UInt8] {
        var bytes = ModelFileFormat.magic
        func append<T: FixedWidthInteger>(_ value: T) {
            for shift in stride(from: 0, to: T.bitWidth, by: 8) {
                bytes.append(UInt8(truncatingIfNeeded: value >> shift))
            }
        }
        append(version)
        append(UInt32(headerSize))
        append(UInt64(graph.lowerBound))
        append(UInt64(graph.count))
        append(UInt64(blobs.lowerBound))
        append(UInt64(blobs.count))
        append(UInt64(fileSize))
        append(payloadChecksum)
        append(CRC32.checksum(bytes))
        return bytes
    }

    /// Decodes and checks the header of `file`: magic, header checksum,
    /// version, and that both sections lie inside the file in order.
    static func decode(_ file: LittleEndianBytes) throws(ModelLoadError) -> ModelFileHeader {
        try file.requireRange(0, ModelFileFormat.headerSize, "header")
        let stored = try file.integer(UInt32.self, at: checksummedBytes, "header checksum")
        let actual = CRC32.checksum(file.storage, 0..<checksummedBytes)
        guard stored == actual else {
            throw ModelLoadError(
                .checksumMismatch, "header checksum is \(hex(actual)), header says \(hex(stored))")
        }
        let version = try file.integer(UInt32.self, at: 8, "format version")
        guard ModelFileFormat.readableVersions.contains(version) else {
            throw .unsupported(
                ".yem format version \(version); this build reads versions 1 to \(ModelFileFormat.version)")
        }
        let headerSize = Int(try file.integer(UInt32.self, at: 12, "header size"))
        guard headerSize == ModelFileFormat.headerSize else {
            throw .malformed("header size \(headerSize), version \(version) has \(ModelFileFormat.headerSize)")
        }
        let fileSize = try size(file, at: 48, "file size")
        guard fileSize == file.count else {
            throw .malformed("file is \(file.count) bytes, its header says \(fileSize)")
        }
        let graph = try section(file, at: 16, "graph section")
        let blobs = try section(file, at: 32, "blob section")
        guard graph.lowerBound == headerSize, graph.upperBound <= blobs.lowerBound,
            blobs.lowerBound % ModelFileFormat.alignment == 0
        else {
            throw .malformed("sections graph \(graph) and blobs \(blobs) are out of order or unaligned")
        }
        return ModelFileHeader(
            version: version, headerSize: headerSize, graph: graph, blobs: blobs, fileSize: fileSize,
            payloadChecksum: try file.integer(UInt32.self, at: 56, "payload checksum"))
    }

    private static func size(
        _ file: LittleEndianBytes, at offset: Int, _ what: String
    ) throws(ModelLoadError) -> Int {
        let value = try file.integer(UInt64.self, at: offset, what)
        guard let size = Int(exactly: value), size <= file.count else {
            throw .malformed("\(what) \(value) exceeds the \(file.count)-byte file")
        }
        return size
    }

    /// A section given as u64 offset and u64 size, checked to lie inside the file.
    private static func section(
        _ file: LittleEndianBytes, at offset: Int, _ what: String
    ) throws(ModelLoadError) -> Range<Int> {
        let start = try size(file, at: offset, "\(what) offset")
        let count = try size(file, at: offset + 8, "\(what) size")
        guard count <= file.count - start else {
            throw .malformed(
                "\(what) of \(count) bytes at offset \(start) overruns the \(file.count)-byte file")
        }
        return start..<(start + count)
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
