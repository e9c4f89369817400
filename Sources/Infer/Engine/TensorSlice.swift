/// Where a tensor written in place into another one lives: `rows` runs of
/// `rowBytes` bytes, the first `offset` bytes into tensor `base`, each
/// `rowStride` bytes after the one before (a concatenation input's slice of
/// the output: one run per outer index).
struct TensorSlice: Equatable {
    var base: Int
    var offset: Int
    var rowBytes: Int
    var rowStride: Int
    var rows: Int
    /// The producer stores the values requantized to the base tensor's
    /// parameters, so the bytes are not this tensor's own values.
    var isRequantized: Bool

    /// The slice's bytes, row after row, read from the base's storage.
    func gather(from base: UnsafeRawPointer) -> [UInt8] {
        (0..<rows).flatMap { row in
            UnsafeRawBufferPointer(start: base + offset + row * rowStride, count: rowBytes)
        }
    }
}
