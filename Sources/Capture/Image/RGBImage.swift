/// An 8-bit RGB image: `width * height` pixels of three bytes (R, G, B),
/// row-major, no row padding.
public struct RGBImage: Sendable, Equatable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var bytes: [UInt8]

    /// An empty 0×0 image, to be filled by a decoder that reuses its storage.
    public init() {
        width = 0
        height = 0
        bytes = []
    }

    public init(width: Int, height: Int, bytes: [UInt8]) throws(RGBImageError) {
        guard width > 0, height > 0,
            case let (pixels, overflow) = width.multipliedReportingOverflow(by: height), !overflow,
            pixels <= Int.max / 3, bytes.count == pixels * 3
        else { throw RGBImageError(width: width, height: height, byteCount: bytes.count) }
        self.width = width
        self.height = height
        self.bytes = bytes
    }

    /// Gives the image a new size, keeping its storage when the byte count
    /// is unchanged (so decoding frames of one size never allocates). The
    /// pixels are unspecified until written.
    mutating func reshape(width: Int, height: Int) {
        self.width = width
        self.height = height
        if bytes.count != width * height * 3 {
            bytes = Array(repeating: 0, count: width * height * 3)
        }
    }

    mutating func withUnsafeMutableBytes<Result, Failure: Error>(
        _ body: (UnsafeMutableBufferPointer<UInt8>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try bytes.withUnsafeMutableBufferPointer { (pixels) throws(Failure) in try body(pixels) }
    }
}

/// The byte count does not match `width * height * 3`, or the size is not positive.
public struct RGBImageError: Error, Equatable, CustomStringConvertible {
    public let width: Int
    public let height: Int
    public let byteCount: Int

    public var description: String {
        "an RGB image of \(width)x\(height) needs a positive size and 3 bytes a pixel, got \(byteCount) bytes"
    }
}
