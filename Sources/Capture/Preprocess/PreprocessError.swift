/// A frame that cannot be turned into model input; the frame is skipped, the stream goes on.
public enum PreprocessError: Error, Equatable, CustomStringConvertible {
    /// Not one of ``FramePreprocessor/supportedFormats``.
    case unsupportedFormat(PixelFormat)
    /// A side is zero, negative or beyond 65536.
    case invalidFrameSize(width: Int, height: Int)
    /// Rows are closer together than the format's pixels need, or absurdly far apart.
    case invalidRowStride(format: PixelFormat, width: Int, bytesPerLine: Int, needed: Int)
    /// Chroma planes that overlap the luma plane, or whose rows are too narrow.
    case invalidChromaPlanes(format: PixelFormat)
    /// The buffer ends before the last row.
    case frameTooShort(format: PixelFormat, byteCount: Int, needed: Int)
    /// An MJPEG frame that libjpeg-turbo cannot decode.
    case jpeg(JPEGError)
    case letterbox(LetterboxError)

    public var description: String {
        switch self {
        case .unsupportedFormat(let format):
            "cannot preprocess \(format) frames; supported: yuyv, nv12, i420 (YU12), rgb24, mjpeg"
        case let .invalidFrameSize(width, height):
            "frame size \(width)x\(height) must be between 1 and 65536 on each side"
        case let .invalidRowStride(format, width, bytesPerLine, needed):
            "\(format) rows of \(width) pixels need at least \(needed) bytes per line, got \(bytesPerLine)"
        case .invalidChromaPlanes(let format):
            "\(format) chroma planes overlap the luma plane or have rows too narrow for their samples"
        case let .frameTooShort(format, byteCount, needed):
            "\(format) frame has \(byteCount) bytes, its size needs \(needed)"
        case .jpeg(let error): "MJPEG frame: \(error)"
        case .letterbox(let error): error.description
        }
    }
}
