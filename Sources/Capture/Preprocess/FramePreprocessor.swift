/// Turns captured frames (YUYV, NV12, I420, RGB24 or MJPEG) into a model's int8
/// NHWC input in one pass: each output row is read from the frame,
/// colour-converted, resized as Ultralytics' letterbox does (OpenCV
/// `INTER_LINEAR`), padded with 114 and quantized, with no full-size float
/// or RGB intermediate. YUYV, NV12 and I420 are converted with `colorMatrix`
/// (BT.601 limited range unless set).
///
/// MJPEG frames are decoded to RGB by libjpeg-turbo, at 1/2, 1/4 or 1/8 of
/// their size when that still leaves at least the letterboxed size (much
/// cheaper than decoding fully and shrinking); boxes map back to the full
/// frame through the returned transform either way.
///
/// Buffers are made by `prepare(for:)` or on the first frame of a new size
/// or format; later frames of that size allocate nothing in Swift
/// (libjpeg-turbo still mallocs its own working memory per MJPEG frame). One
/// preprocessor serves one thread.
public final class FramePreprocessor {
    public static let supportedFormats: [PixelFormat] = [.yuyv, .nv12, .i420, .rgb24, .mjpeg]

    public let colorMatrix: YCbCrMatrix
    /// False decodes every MJPEG frame fully, for results equal to the plain
    /// decode-then-letterbox path at the cost of speed.
    public let decodesJPEGAtReducedScale: Bool
    private var letterboxer: Letterboxer
    private let decoder: JPEGDecoder
    private var decoded = RGBImage()

    public init(
        inputWidth: Int, inputHeight: Int, quantization: InputQuantizationTable,
        colorMatrix: YCbCrMatrix = .bt601, decodesJPEGAtReducedScale: Bool = true
    ) throws(PreprocessError) {
        do {
            letterboxer = try Letterboxer(inputWidth: inputWidth, inputHeight: inputHeight, quantization: quantization)
        } catch {
            throw .letterbox(error)
        }
        do {
            decoder = try JPEGDecoder()
        } catch {
            throw .jpeg(error)
        }
        self.colorMatrix = colorMatrix
        self.decodesJPEGAtReducedScale = decodesJPEGAtReducedScale
    }

    public var inputWidth: Int { letterboxer.inputWidth }
    public var inputHeight: Int { letterboxer.inputHeight }
    /// The number of int8 values the model input holds, `width * height * 3`.
    public var inputCount: Int { letterboxer.inputCount }

    /// Makes the buffers for frames of `format` now (for MJPEG, from its
    /// announced size), so that even the first frame allocates nothing.
    public func prepare(for format: StreamFormat) throws(PreprocessError) {
        let transform = try placement(width: format.width, height: format.height)
        if format.format == .mjpeg {
            let scale = decodeScale(for: transform)
            decoded.reshape(width: scale.scaled(format.width), height: scale.scaled(format.height))
            letterboxer.plan(sourceWidth: decoded.width, sourceHeight: decoded.height, placedAs: transform)
        } else {
            let rows = try reader(
                for: format.format, width: format.width, height: format.height, bytesPerLine: format.bytesPerLine,
                chroma: nil)
            try rows.validate(byteCount: format.imageSize)
            letterboxer.plan(sourceWidth: format.width, sourceHeight: format.height, placedAs: transform)
        }
    }

    /// Writes `frame` (the bytes a ``FrameSource`` lends with `info`),
    /// letterboxed and quantized, into `input`, and returns where the image
    /// landed, for mapping boxes back to the frame.
    ///
    /// An MJPEG frame's size is read from its JPEG header; `info`'s size and
    /// stride describe the other formats. A frame it refuses (it throws) has
    /// not changed `input`: every check comes before the first write.
    public func preprocess(
        _ info: FrameInfo, _ frame: RawSpan, into input: UnsafeMutableBufferPointer<Int8>
    ) throws(PreprocessError) -> LetterboxTransform {
        guard input.count == inputCount else {
            throw .letterbox(.outputSizeMismatch(expected: inputCount, actual: input.count))
        }
        if info.format == .mjpeg {
            return try preprocessJPEG(frame, into: input)
        }
        let transform = try placement(width: info.width, height: info.height)
        switch try reader(
            for: info.format, width: info.width, height: info.height, bytesPerLine: info.bytesPerLine,
            chroma: info.chroma)
        {
        case .yuyv(let rows): try letterbox(frame, reading: rows, placedAs: transform, into: input)
        case .nv12(let rows): try letterbox(frame, reading: rows, placedAs: transform, into: input)
        case .i420(let rows): try letterbox(frame, reading: rows, placedAs: transform, into: input)
        case .rgb24(let rows): try letterbox(frame, reading: rows, placedAs: transform, into: input)
        }
        return transform
    }

    public func preprocess(_ info: FrameInfo, _ frame: RawSpan, into input: inout [Int8])
        throws(PreprocessError) -> LetterboxTransform
    {
        try input.withUnsafeMutableBufferPointer { (buffer) throws(PreprocessError) in
            try preprocess(info, frame, into: buffer)
        }
    }

    /// The scale an MJPEG frame of this placement decodes at.
    func decodeScale(for transform: LetterboxTransform) -> JPEGScale {
        decodesJPEGAtReducedScale ? .smallestKeeping(transform) : .full
    }

    private func preprocessJPEG(_ frame: RawSpan, into input: UnsafeMutableBufferPointer<Int8>)
        throws(PreprocessError) -> LetterboxTransform
    {
        let header = try withJPEG(frame) { (bytes) throws(JPEGError) in try decoder.header(of: bytes) }
        let transform = try placement(width: header.width, height: header.height)
        let scale = decodeScale(for: transform)
        try withJPEG(frame) { (bytes) throws(JPEGError) in try decoder.decode(bytes, scale: scale, into: &decoded) }
        let image = decoded
        let rows = RGB24Rows(width: image.width, height: image.height)
        try letterbox(image.bytes.span.bytes, reading: rows, placedAs: transform, into: input)
        return transform
    }

    private func withJPEG<Result>(
        _ frame: RawSpan, _ body: (UnsafeRawBufferPointer) throws(JPEGError) -> Result
    ) throws(PreprocessError) -> Result {
        do {
            return try frame.withUnsafeBytes(body)
        } catch {
            throw .jpeg(error)
        }
    }

    /// Where a frame of this size lands in the input.
    private func placement(width: Int, height: Int) throws(PreprocessError) -> LetterboxTransform {
        guard (1...maximumFrameSide).contains(width), (1...maximumFrameSide).contains(height) else {
            throw .invalidFrameSize(width: width, height: height)
        }
        do {
            return try LetterboxTransform(
                sourceWidth: width, sourceHeight: height, inputWidth: inputWidth, inputHeight: inputHeight)
        } catch {
            throw .letterbox(error)
        }
    }

    private func letterbox<Reader: RGBRowReader>(
        _ frame: RawSpan, reading reader: Reader, placedAs transform: LetterboxTransform,
        into input: UnsafeMutableBufferPointer<Int8>
    ) throws(PreprocessError) {
        try reader.validate(byteCount: frame.byteCount)
        do {
            try letterboxer.letterbox(frame, reading: reader, placedAs: transform, into: input)
        } catch {
            throw .letterbox(error)
        }
    }

    private func reader(
        for format: PixelFormat, width: Int, height: Int, bytesPerLine: Int, chroma: ChromaPlanes?
    ) throws(PreprocessError) -> UncompressedRows {
        switch format {
        case .yuyv: .yuyv(YUYVRows(width: width, height: height, bytesPerLine: bytesPerLine, matrix: colorMatrix))
        case .nv12:
            .nv12(NV12Rows(width: width, height: height, bytesPerLine: bytesPerLine, chroma: chroma, matrix: colorMatrix))
        case .i420:
            .i420(I420Rows(width: width, height: height, bytesPerLine: bytesPerLine, chroma: chroma, matrix: colorMatrix))
        case .rgb24: .rgb24(RGB24Rows(width: width, height: height, bytesPerLine: bytesPerLine))
        default: throw .unsupportedFormat(format)
        }
    }
}

/// The reader of an uncompressed format, kept concrete so each letterbox
/// loop is specialized for its format.
private enum UncompressedRows {
    case yuyv(YUYVRows)
    case nv12(NV12Rows)
    case i420(I420Rows)
    case rgb24(RGB24Rows)

    func validate(byteCount: Int) throws(PreprocessError) {
        switch self {
        case .yuyv(let rows): try rows.validate(byteCount: byteCount)
        case .nv12(let rows): try rows.validate(byteCount: byteCount)
        case .i420(let rows): try rows.validate(byteCount: byteCount)
        case .rgb24(let rows): try rows.validate(byteCount: byteCount)
        }
    }
}
