/// Converts a whole frame (YUYV, NV12, I420, RGB24 or MJPEG, as ``FramePreprocessor`` takes them) into
/// an RGB image of the frame's full size, for pictures rather than model input.
///
/// It converts with the preprocessor's own row readers (and `colorMatrix`) and decodes MJPEG
/// with ``JPEGDecoder`` at full scale, so the picture shows the pixels the model saw before
/// letterboxing. The image's storage and the renderer's one row buffer are reused: frames of one
/// size allocate nothing after the first (MJPEG aside: libjpeg-turbo mallocs its own working
/// memory per frame). One renderer serves one thread.
public final class SourceFrameRenderer {
    public static let supportedFormats = FramePreprocessor.supportedFormats

    public let colorMatrix: YCbCrMatrix
    private let decoder: JPEGDecoder
    private var row: [UInt8] = []

    public init(colorMatrix: YCbCrMatrix = .bt601) throws(PreprocessError) {
        do {
            decoder = try JPEGDecoder()
        } catch {
            throw .jpeg(error)
        }
        self.colorMatrix = colorMatrix
    }

    /// Renders an owned frame into `image`. After an error the image's contents are unspecified.
    public func render(_ frame: SourceFrame, into image: inout RGBImage) throws(PreprocessError) {
        try frame.withBytes { (bytes) throws(PreprocessError) in try render(frame.info, bytes, into: &image) }
    }

    /// Renders a lent frame into `image`; an MJPEG frame's size comes from its JPEG header.
    public func render(_ info: FrameInfo, _ bytes: RawSpan, into image: inout RGBImage) throws(PreprocessError) {
        let (width, height, stride) = (info.width, info.height, info.bytesPerLine)
        switch info.format {
        case .yuyv:
            try convert(bytes, YUYVRows(width: width, height: height, bytesPerLine: stride, matrix: colorMatrix), &image)
        case .nv12:
            let rows = NV12Rows(width: width, height: height, bytesPerLine: stride, chroma: info.chroma, matrix: colorMatrix)
            try convert(bytes, rows, &image)
        case .i420:
            let rows = I420Rows(width: width, height: height, bytesPerLine: stride, chroma: info.chroma, matrix: colorMatrix)
            try convert(bytes, rows, &image)
        case .rgb24:
            try convert(bytes, RGB24Rows(width: width, height: height, bytesPerLine: stride), &image)
        case .mjpeg:
            do {
                try bytes.withUnsafeBytes { (jpeg) throws(JPEGError) in try decoder.decode(jpeg, into: &image) }
            } catch {
                throw .jpeg(error)
            }
        default:
            throw .unsupportedFormat(info.format)
        }
    }

    private func convert<Rows: RGBRowReader>(
        _ frame: RawSpan, _ rows: Rows, _ image: inout RGBImage
    ) throws(PreprocessError) {
        try rows.validate(byteCount: frame.byteCount)
        image.reshape(width: rows.width, height: rows.height)
        if row.count < rows.width * 3 { row = Array(repeating: 0, count: rows.width * 3) }
        for y in 0..<rows.height {
            rows.readRow(y, of: frame, into: &row)
            image.setRow(y, from: row)
        }
    }
}
