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

    // Concrete slice type: a generic Sequence is unspecialised and ~10x slower in debug builds.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }
}
