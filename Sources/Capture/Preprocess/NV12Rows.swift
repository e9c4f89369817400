/// Planar 4:2:0 NV12: a Y plane of `height` rows `bytesPerLine` apart, then
/// `ceil(height / 2)` rows of interleaved U, V pairs, one pair per 2×2 block.
///
/// Unless `chroma` places it, the chroma plane starts right after the luma
/// rows (`bytesPerLine * height`), as in V4L2's single-planar NV12. Its rows
/// are then `bytesPerLine` apart rounded up to even: the same as V4L2 (whose
/// strides are even), and right for tightly packed odd widths, whose
/// `ceil(width / 2)` pairs take one byte more than a luma row. Each pair
/// serves its block as is.
struct NV12Rows: RGBRowReader {
    let width: Int
    let height: Int
    let bytesPerLine: Int
    let matrix: YCbCrMatrix
    private let chromaStart: Int
    private let chromaBytesPerLine: Int

    init(width: Int, height: Int, bytesPerLine: Int, chroma: ChromaPlanes? = nil, matrix: YCbCrMatrix) {
        self.width = width
        self.height = height
        self.bytesPerLine = bytesPerLine
        self.matrix = matrix
        chromaStart = chroma?.offset ?? bytesPerLine * height
        chromaBytesPerLine = chroma?.bytesPerLine ?? bytesPerLine + bytesPerLine % 2
    }

    private var pairs: Int { (width + 1) / 2 }

    func validate(byteCount: Int) throws(PreprocessError) {
        try validateChromaPlacement(
            format: .nv12, planes: chromaStart, chromaStart, bytesPerLine: chromaBytesPerLine, bytesPerSample: 2,
            width: width, height: height, lumaBytesPerLine: bytesPerLine)
        try validateLayout(
            format: .nv12, width: width, height: height, bytesPerLine: bytesPerLine, rowBytes: width,
            byteCount: byteCount
        ) { chromaStart + ((height + 1) / 2 - 1) * chromaBytesPerLine + 2 * pairs }
    }

    func readRow(_ y: Int, of frame: RawSpan, into row: inout [UInt8]) {
        var output = row.mutableSpan
        let luma = y * bytesPerLine
        let chroma = chromaStart + (y / 2) * chromaBytesPerLine
        for pair in 0..<pairs {
            let terms = matrix.chroma(
                cb: frame.unsafeLoad(fromByteOffset: chroma + 2 * pair, as: UInt8.self),
                cr: frame.unsafeLoad(fromByteOffset: chroma + 2 * pair + 1, as: UInt8.self))
            matrix.store(
                y: frame.unsafeLoad(fromByteOffset: luma + 2 * pair, as: UInt8.self), terms, into: &output,
                at: 6 * pair)
            if 2 * pair + 1 < width {
                matrix.store(
                    y: frame.unsafeLoad(fromByteOffset: luma + 2 * pair + 1, as: UInt8.self), terms,
                    into: &output, at: 6 * pair + 3)
            }
        }
    }
}
