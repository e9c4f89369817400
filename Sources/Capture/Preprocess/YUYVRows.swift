/// Packed 4:2:2 YUYV (Y0 U Y1 V), rows `bytesPerLine` apart.
///
/// Each U/V pair serves its two pixels as is (no chroma interpolation, like
/// libv4l's and libyuv's conversions). An odd width still needs the last
/// pair's four bytes, so rows hold `4 * ceil(width / 2)` bytes at least.
struct YUYVRows: RGBRowReader {
    let width: Int
    let height: Int
    let bytesPerLine: Int
    let matrix: YCbCrMatrix

    private var pairs: Int { (width + 1) / 2 }

    func validate(byteCount: Int) throws(PreprocessError) {
        try validateLayout(
            format: .yuyv, width: width, height: height, bytesPerLine: bytesPerLine, rowBytes: 4 * pairs,
            byteCount: byteCount
        ) { (height - 1) * bytesPerLine + 4 * pairs }
    }

    func readRow(_ y: Int, of frame: RawSpan, into row: inout [UInt8]) {
        var output = row.mutableSpan
        let start = y * bytesPerLine
        for pair in 0..<pairs {
            let base = start + 4 * pair
            let terms = matrix.chroma(
                cb: frame.unsafeLoad(fromByteOffset: base + 1, as: UInt8.self),
                cr: frame.unsafeLoad(fromByteOffset: base + 3, as: UInt8.self))
            matrix.store(
                y: frame.unsafeLoad(fromByteOffset: base, as: UInt8.self), terms, into: &output, at: 6 * pair)
            if 2 * pair + 1 < width {
                matrix.store(
                    y: frame.unsafeLoad(fromByteOffset: base + 2, as: UInt8.self), terms, into: &output,
                    at: 6 * pair + 3)
            }
        }
    }
}
