/// Bounds the memory a reader may spend on decoded structure (names,
/// shapes, scales, operand lists) in proportion to the file size.
///
/// Formats such as FlatBuffers let many tables point at the same vector or
/// string, so a small hostile file could otherwise expand into gigabytes.
/// Honest files decode to a few bytes per byte of structure they contain.
struct DecodeBudget {
    private(set) var remaining: Int

    private static let bytesPerFileByte = 4

    init(fileSize: Int) {
        remaining = Self.bytesPerFileByte * fileSize + (1 << 16)
    }

    mutating func spend(_ bytes: Int, on what: @autoclosure () -> String) throws(ModelLoadError) {
        guard bytes <= remaining else {
            throw .malformed(
                "decoding \(what()) exceeds \(Self.bytesPerFileByte)x the file size: structure is repeated")
        }
        remaining -= bytes
    }
}
