/// Reads the rows of one frame layout as RGB24, converting as it goes, so
/// the resizer can work from a frame in its capture format with no
/// full-size RGB copy.
///
/// A reader describes the layout only; the frame's bytes come with each
/// call. `validate(byteCount:)` must have accepted the frame's size first.
protocol RGBRowReader {
    /// Size in pixels.
    var width: Int { get }
    var height: Int { get }
    /// Throws unless the layout makes sense and `byteCount` bytes hold every row.
    func validate(byteCount: Int) throws(PreprocessError)
    /// Writes row `y` of `frame` as `width * 3` R, G, B bytes to the start of `row`.
    func readRow(_ y: Int, of frame: RawSpan, into row: inout [UInt8])
}

/// Frames larger than this are refused before any index arithmetic: no
/// camera or JPEG (65500 at most) comes near it.
let maximumFrameSide = 1 << 16

/// Checks a layout whose rows are `bytesPerLine` apart and hold `rowBytes`
/// bytes of pixels, in frames that need `neededBytes` bytes in all.
///
/// - Parameter neededBytes: computed only once the sizes are known to be sane.
func validateLayout(
    format: PixelFormat, width: Int, height: Int, bytesPerLine: Int, rowBytes: Int,
    byteCount: Int, neededBytes: () -> Int
) throws(PreprocessError) {
    guard (1...maximumFrameSide).contains(width), (1...maximumFrameSide).contains(height) else {
        throw .invalidFrameSize(width: width, height: height)
    }
    guard (rowBytes...(8 * maximumFrameSide)).contains(bytesPerLine) else {
        throw .invalidRowStride(format: format, width: width, bytesPerLine: bytesPerLine, needed: rowBytes)
    }
    let needed = neededBytes()
    guard byteCount >= needed else {
        throw .frameTooShort(format: format, byteCount: byteCount, needed: needed)
    }
}

/// Checks chroma planes placed by a source (``ChromaPlanes``): their rows hold a sample of
/// `bytesPerSample` bytes per two pixels, and they start past the luma plane (rows of
/// `lumaBytesPerLine`) and not absurdly far. Runs before `validateLayout`, whose byte count
/// would overflow on absurd placements.
func validateChromaPlacement(
    format: PixelFormat, planes first: Int, _ second: Int, bytesPerLine: Int, bytesPerSample: Int,
    width: Int, height: Int, lumaBytesPerLine: Int
) throws(PreprocessError) {
    let sane = 0...(8 * maximumFrameSide)
    // Unchecked luma sizes are left to validateLayout, which reports them better.
    guard sane.contains(width), sane.contains(height), sane.contains(lumaBytesPerLine) else { return }
    let rowBytes = bytesPerSample * ((width + 1) / 2)
    let lumaBytes = lumaBytesPerLine * max(height - 1, 0) + width
    let planes = lumaBytes...(lumaBytes + (1 << 32))
    guard (rowBytes...(8 * maximumFrameSide)).contains(bytesPerLine), planes.contains(first), planes.contains(second)
    else { throw .invalidChromaPlanes(format: format) }
}

/// Packed R, G, B bytes, rows `bytesPerLine` apart.
struct RGB24Rows: RGBRowReader {
    let width: Int
    let height: Int
    let bytesPerLine: Int

    /// - Parameter bytesPerLine: defaults to no padding, as in ``RGBImage``.
    init(width: Int, height: Int, bytesPerLine: Int? = nil) {
        self.width = width
        self.height = height
        self.bytesPerLine = bytesPerLine ?? width * 3
    }

    func validate(byteCount: Int) throws(PreprocessError) {
        try validateLayout(
            format: .rgb24, width: width, height: height, bytesPerLine: bytesPerLine, rowBytes: width * 3,
            byteCount: byteCount
        ) { (height - 1) * bytesPerLine + width * 3 }
    }

    func readRow(_ y: Int, of frame: RawSpan, into row: inout [UInt8]) {
        let start = y * bytesPerLine
        let pixels = frame.extracting(start..<(start + width * 3))
        // A plain copy; byte-wise checked loads were a third of a resize.
        pixels.withUnsafeBytes { source in
            row.withUnsafeMutableBytes { $0.copyMemory(from: source) }
        }
    }
}
