/// Resizes an RGB24 image row by row with the arithmetic of OpenCV's
/// `cv2.resize(src, size, interpolation=cv2.INTER_LINEAR)` for 8-bit images,
/// which Ultralytics' letterbox uses:
///
/// - half-pixel centres, source position `(d + 0.5) * (source / target) - 0.5`
///   in double, cast to float;
/// - 11-bit fixed-point weights `round(w * 2048)`;
/// - horizontal edges clamp the position (weight 1 on the edge pixel),
///   vertical edges clamp the rows but keep both weights;
/// - the vertical pass `((b0 * (h0 >> 4)) >> 16 + (b1 * (h1 >> 4)) >> 16 + 2) >> 2`
///   of OpenCV's 8-bit path;
/// - OpenCV switches an exact 2× reduction to its `INTER_AREA` path; these
///   weights (1024 and 1024) give the same `(a + b + c + d + 2) >> 2` there;
/// - an unchanged size copies (Ultralytics skips `cv2.resize` then).
///
/// Checked bit-exact against opencv-python 4.14 and 5.0 on twelve letterbox
/// cases (up- and downscaling, exact halving, 1-pixel sides) and on real
/// COCO images; those checks need cv2 and are not part of the test suite,
/// whose oracle cases were computed with it.
///
/// Source rows come through an ``RGBRowReader``, which converts them from
/// the frame's pixel format one row at a time; only the rows the output
/// needs are read, each once per frame.
///
/// Plans and row buffers are kept between calls and rebuilt only when the
/// sizes change, so resizing frames of one size allocates nothing.
struct BilinearResizer: Sendable {
    private enum Mode: Sendable { case copy, interpolate }

    private(set) var sourceWidth = 0
    private(set) var sourceHeight = 0
    private(set) var targetWidth = 0
    private(set) var targetHeight = 0
    private var mode = Mode.copy
    private var columns = AxisPlan()
    private var rows = AxisPlan()
    /// One source row as RGB24, before the horizontal pass.
    private var sourceRow: [UInt8] = []
    /// Horizontally resized source rows (fixed point), and which rows they are.
    private var upperRow: [Int32] = []
    private var lowerRow: [Int32] = []
    private var upperSource = -1
    private var lowerSource = -1

    mutating func prepare(sourceWidth: Int, sourceHeight: Int, targetWidth: Int, targetHeight: Int) {
        upperSource = -1
        lowerSource = -1
        guard sourceWidth != self.sourceWidth || sourceHeight != self.sourceHeight
            || targetWidth != self.targetWidth || targetHeight != self.targetHeight
        else { return }
        self.sourceWidth = sourceWidth
        self.sourceHeight = sourceHeight
        self.targetWidth = targetWidth
        self.targetHeight = targetHeight
        if sourceWidth == targetWidth && sourceHeight == targetHeight {
            mode = .copy
        } else {
            mode = .interpolate
            columns = AxisPlan(target: targetWidth, source: sourceWidth, clampsWeights: true)
            rows = AxisPlan(target: targetHeight, source: sourceHeight, clampsWeights: false)
            sourceRow = Array(repeating: 0, count: sourceWidth * 3)
            upperRow = Array(repeating: 0, count: targetWidth * 3)
            lowerRow = Array(repeating: 0, count: targetWidth * 3)
        }
    }

    /// Writes target row `y` (`targetWidth * 3` bytes) into the start of `row`.
    ///
    /// - Parameter frame: a frame of the prepared source size, as `reader` lays it out.
    mutating func resizeRow<Reader: RGBRowReader>(
        _ y: Int, of frame: RawSpan, reading reader: Reader, into row: inout [UInt8]
    ) {
        switch mode {
        case .copy:
            reader.readRow(y, of: frame, into: &row)
        case .interpolate:
            interpolateRow(y, of: frame, reading: reader, into: &row)
        }
    }

    /// Writes target row `y` of a packed RGB24 image of the prepared source size.
    mutating func resizeRow(_ y: Int, of source: [UInt8], into row: inout [UInt8]) {
        resizeRow(
            y, of: source.span.bytes, reading: RGB24Rows(width: sourceWidth, height: sourceHeight),
            into: &row)
    }

    private mutating func interpolateRow<Reader: RGBRowReader>(
        _ y: Int, of frame: RawSpan, reading reader: Reader, into row: inout [UInt8]
    ) {
        let upper = rows.first[y]
        let lower = rows.second[y]
        if upperSource != upper {
            if lowerSource == upper {
                swap(&upperRow, &lowerRow)
                upperSource = upper
                lowerSource = -1
            } else {
                readSourceRow(upper, of: frame, reading: reader)
                Self.resizeHorizontally(sourceRow, along: columns, into: &upperRow)
                upperSource = upper
            }
        }
        if lowerSource != lower {
            readSourceRow(lower, of: frame, reading: reader)
            Self.resizeHorizontally(sourceRow, along: columns, into: &lowerRow)
            lowerSource = lower
        }
        let upperWeight = rows.firstWeights[y]
        let lowerWeight = rows.secondWeights[y]
        let upperValues = upperRow.span
        let lowerValues = lowerRow.span
        var output = row.mutableSpan
        for index in 0..<(targetWidth * 3) {
            let top = (upperWeight * (upperValues[index] >> 4)) >> 16
            let bottom = (lowerWeight * (lowerValues[index] >> 4)) >> 16
            output[index] = UInt8(min((top + bottom + 2) >> 2, 255))
        }
    }

    private mutating func readSourceRow<Reader: RGBRowReader>(
        _ y: Int, of frame: RawSpan, reading reader: Reader
    ) {
        reader.readRow(y, of: frame, into: &sourceRow)
    }

    /// Resizes one RGB24 row horizontally into `buffer`.
    ///
    /// Static, with the row passed in: a method on `self` called with `&`
    /// one of its own rows would retain a copy of `self` and make that row
    /// copy on write, allocating for every row.
    private static func resizeHorizontally(_ sourceRow: [UInt8], along columns: AxisPlan, into buffer: inout [Int32]) {
        let source = sourceRow.span
        let lefts = columns.first.span
        let rights = columns.second.span
        let leftWeights = columns.firstWeights.span
        let rightWeights = columns.secondWeights.span
        var output = buffer.mutableSpan
        for x in 0..<lefts.count {
            let left = lefts[x] * 3
            let right = rights[x] * 3
            let leftWeight = leftWeights[x]
            let rightWeight = rightWeights[x]
            for channel in 0..<3 {
                // 255 * 2048 * 2 fits easily: wrapping skips the overflow checks.
                output[3 * x + channel] =
                    Int32(source[left + channel]) &* leftWeight &+ Int32(source[right + channel]) &* rightWeight
            }
        }
    }
}

/// For each target position along one axis: the two source pixels it blends
/// (already clamped to the image) and their 11-bit fixed-point weights.
private struct AxisPlan: Sendable {
    private(set) var first: [Int] = []
    private(set) var second: [Int] = []
    private(set) var firstWeights: [Int32] = []
    private(set) var secondWeights: [Int32] = []

    init() {}

    /// - Parameter clampsWeights: OpenCV's horizontal pass moves positions
    ///   beyond the edge onto the edge pixel with weight 1; the vertical
    ///   pass only clamps which rows it reads.
    init(target: Int, source: Int, clampsWeights: Bool) {
        let scale = 1 / (Double(target) / Double(source))
        for position in 0..<target {
            var fraction = Float((Double(position) + 0.5) * scale - 0.5)
            var pixel = Int(fraction.rounded(.down))
            fraction -= Float(pixel)
            if clampsWeights && pixel < 0 {
                fraction = 0
                pixel = 0
            }
            if clampsWeights && pixel >= source - 1 {
                fraction = 0
                pixel = source - 1
            }
            first.append(min(max(pixel, 0), source - 1))
            second.append(min(max(pixel + 1, 0), source - 1))
            firstWeights.append(Self.fixedPoint(1 - fraction))
            secondWeights.append(Self.fixedPoint(fraction))
        }
    }

    /// `saturate_cast<short>(w * INTER_RESIZE_COEF_SCALE)`: round half to even.
    private static func fixedPoint(_ weight: Float) -> Int32 {
        Int32((weight * 2048).rounded(.toNearestOrEven))
    }
}
