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

    /// Where a producer of `shape` (int8, row-major in the slice) stores each
    /// axis: the offset, in bytes from the slice's start, of one step along
    /// it. Nil when an axis runs across rows without a fixed step.
    func strides(ofRowMajor shape: [Int]) -> [Int]? {
        var strides: [Int] = []
        var contiguous = 1
        for size in shape.reversed() {
            if size == 1 {
                strides.append(0)
            } else if contiguous % rowBytes == 0 {
                strides.append(contiguous / rowBytes * rowStride)
            } else if contiguous * size <= rowBytes {
                strides.append(contiguous)
            } else {
                return nil
            }
            contiguous *= size
        }
        return strides.reversed()
    }

    /// The slice's bytes, row after row, read from the base's storage.
    func gather(from base: UnsafeRawPointer) -> [UInt8] {
        (0..<rows).flatMap { row in
            UnsafeRawBufferPointer(start: base + offset + row * rowStride, count: rowBytes)
        }
    }
}
