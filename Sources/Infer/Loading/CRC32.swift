/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as used by ZIP and PNG.
///
/// Written here rather than taken from zlib: the package has no zlib target
/// (and may not add one), Foundation does not expose a CRC, and the
/// table-driven algorithm is a dozen lines.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { entry in
        var remainder = UInt32(entry)
        for _ in 0..<8 {
            remainder = remainder & 1 == 1 ? (remainder >> 1) ^ 0xEDB8_8320 : remainder >> 1
        }
        return remainder
    }

    /// The checksum of `bytes[range]`. Takes the array and a range rather
    /// than a slice: slice iteration is several times slower in debug builds,
    /// which check whole model files in tests.
    static func checksum(_ bytes: [UInt8], _ range: Range<Int>) -> UInt32 {
        let table = Self.table
        var crc: UInt32 = 0xFFFF_FFFF
        var index = range.lowerBound
        while index < range.upperBound {
            crc = table[Int((crc ^ UInt32(bytes[index])) & 0xFF)] ^ (crc >> 8)
            index += 1
        }
        return crc ^ 0xFFFF_FFFF
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        checksum(bytes, bytes.indices)
    }
}
