/// The engine's own model file, `.yem` ("yolo-edge model"): one graph, its
/// constant tensors as aligned raw blobs, and checksums. `ModelFileWriter`
/// writes it from any `Graph` (the TFLite importer today, the ONNX→INT8
/// quantizer later); `ModelFileReader` reads it back with the same
/// validation as the TFLite reader.
///
/// Layout, all integers little-endian:
///
///     offset  size  field
///          0     8  magic 89 'Y' 'E' 'M' 0D 0A 1A 0A  (PNG-style: the high byte and
///                   the CR LF / ^Z / LF catch text-mode and 7-bit transfers)
///          8     4  u32 format version (1 or 2: version 2 adds the operators
///                   whose `Operator.formatVersion` is 2; the graph JSON is
///                   otherwise the same)
///         12     4  u32 header size (64)
///         16     8  u64 graph section offset (= header size)
///         24     8  u64 graph section size
///         32     8  u64 blob section offset (a multiple of 64)
///         40     8  u64 blob section size
///         48     8  u64 file size
///         56     4  u32 CRC-32 of bytes [64, file size): graph + padding + blobs
///         60     4  u32 CRC-32 of bytes [0, 60): the header
///         64        graph section: UTF-8 JSON (`GraphRecord`), zero-padded to 64
///                   blob section: each constant's bytes (little-endian,
///                   row-major) at an offset from the section start that is a
///                   multiple of 64, zero-padded in between
///
/// Why JSON for the graph and raw bytes for the weights: the structure is
/// small (about 100 KB for YOLOv8n against 3 MB of weights), the IR types
/// are already `Codable`, so the encoding cannot drift from the IR, and JSON
/// stays inspectable and takes new optional keys without breaking old
/// files. Weights stay raw and 64-byte aligned so a future reader can map
/// the file and run SIMD loads on them in place. Keys are sorted, so the
/// same graph always gives the same bytes.
///
/// Compatibility: a change to the IR's `Codable` shape or to this layout
/// needs a new format version; readers reject versions they do not know.
/// Writers use the lowest version that holds the graph's operators.
enum ModelFileFormat {
    static let magic: [UInt8] = [0x89, 0x59, 0x45, 0x4D, 0x0D, 0x0A, 0x1A, 0x0A]
    /// The newest version this build reads and writes; it reads all from 1.
    static let version: UInt32 = 2
    static let readableVersions: ClosedRange<UInt32> = 1...version

    /// The version a file holding `nodes` is written as.
    static func version(for nodes: [Node]) -> UInt32 {
        nodes.map(\.op.formatVersion).max() ?? 1
    }
    static let headerSize = 64
    static let alignment = 64

    /// `value` rounded up to the next multiple of `alignment`.
    static func aligned(_ value: Int) -> Int {
        (value + alignment - 1) / alignment * alignment
    }
}
