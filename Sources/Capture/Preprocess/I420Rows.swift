/// Planar 4:2:0 I420 (V4L2's YU12): a Y plane of `height` rows `bytesPerLine`
/// apart, then a U and a V plane of `ceil(height / 2)` rows of `ceil(width / 2)`
/// samples, one sample per 2×2 block, served as is.
///
/// Unless `chroma` places them, the planes follow each other with no gap and
/// chroma rows `bytesPerLine / 2` apart, as V4L2 lays out single-planar YU12.
struct I420Rows: RGBRowReader {
    let width: Int
    let height: Int
    let bytesPerLine: Int
    let matrix: YCbCrMatrix
    private let uStart: Int
    private let vStart: Int
    private let chromaBytesPerLine: Int

    init(width: Int, height: Int, bytesPerLine: Int, chroma: ChromaPlanes? = nil, matrix: YCbCrMatrix) {
        self.width = width
        self.height = height
        self.bytesPerLine = bytesPerLine
        self.matrix = matrix
        let defaultStride = (bytesPerLine + 1) / 2
        chromaBytesPerLine = chroma?.bytesPerLine ?? defaultStride
        uStart = chroma?.offset ?? bytesPerLine * height
        vStart = chroma?.secondOffset ?? bytesPerLine * height + defaultStride * ((height + 1) / 2)
    }

    private var pairs: Int { (width + 1) / 2 }

    func validate(byteCount: Int) throws(PreprocessError) {
        try validateChromaPlacement(
            format: .i420, planes: uStart, vStart, bytesPerLine: chromaBytesPerLine, bytesPerSample: 1,
            width: width, height: height, lumaBytesPerLine: bytesPerLine)
        try validateLayout(
            format: .i420, width: width, height: height, bytesPerLine: bytesPerLine, rowBytes: width,
            byteCount: byteCount
        ) { max(uStart, vStart) + ((height + 1) / 2 - 1) * chromaBytesPerLine + pairs }
    }

    func readRow(_ y: Int, of frame: RawSpan, into row: inout [UInt8]) {
        var output = row.mutableSpan
        let luma = y * bytesPerLine
        let chromaRow = (y / 2) * chromaBytesPerLine
        for pair in 0..<pairs {
            let terms = matrix.chroma(
                cb: frame.unsafeLoad(fromByteOffset: uStart + chromaRow + pair, as: UInt8.self),
                cr: frame.unsafeLoad(fromByteOffset: vStart + chromaRow + pair, as: UInt8.self))
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
