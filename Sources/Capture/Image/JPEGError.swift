/// A JPEG that could not be read, decoded or encoded; `message` is libjpeg-turbo's
/// (`tjGetErrorStr2`) or the system's.
public struct JPEGError: Error, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The file could not be opened or read.
        case unreadableFile
        /// The data is not a JPEG, or is corrupt or truncated.
        case invalidData
        /// The image has more pixels than the decoder accepts.
        case tooLarge
        /// The requested scale is not one libjpeg-turbo offers.
        case unsupportedScale
        /// libjpeg-turbo could not create a decompressor.
        case decoderUnavailable
        /// libjpeg-turbo could not create a compressor.
        case encoderUnavailable
        /// libjpeg-turbo could not compress an image (an empty image, or memory ran out).
        case encodingFailed
    }

    public let kind: Kind
    public let message: String
    /// The file the data came from; `nil` for in-memory data.
    public let path: String?

    init(_ kind: Kind, message: String, path: String? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
    }

    func at(path: String) -> JPEGError {
        JPEGError(kind, message: message, path: path)
    }

    public var description: String {
        "\(path ?? "JPEG data"): \(message)"
    }
}
