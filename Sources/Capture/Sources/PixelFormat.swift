/// A pixel layout, identified by its V4L2 four-character code.
public struct PixelFormat: Hashable, Sendable, CustomStringConvertible {
    /// The little-endian four-character code, as in `V4L2_PIX_FMT_*`.
    public let fourCC: UInt32

    public init(fourCC: UInt32) {
        self.fourCC = fourCC
    }

    /// Builds the code from four ASCII characters, e.g. `PixelFormat("YUYV")`;
    /// nil unless `code` is exactly four ASCII characters.
    public init?(_ code: String) {
        let bytes = Array(code.utf8)
        guard bytes.count == 4, bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        fourCC = bytes.reversed().reduce(0) { ($0 << 8) | UInt32($1) }
    }

    /// Packed 4:2:2, Y0 U Y1 V.
    public static let yuyv = PixelFormat("YUYV")!
    /// Planar Y followed by interleaved UV at half resolution.
    public static let nv12 = PixelFormat("NV12")!
    /// Motion JPEG: each buffer is one JPEG image.
    public static let mjpeg = PixelFormat("MJPG")!
    /// Planar Y, then U and V at half resolution in each direction (V4L2's YU12, GStreamer's I420).
    public static let i420 = PixelFormat("YU12")!
    /// Packed R G B, 8 bits each.
    public static let rgb24 = PixelFormat("RGB3")!

    /// The four characters, e.g. "YUYV".
    public var description: String {
        let scalars = (0..<4).map { UnicodeScalar(UInt8(truncatingIfNeeded: fourCC >> ($0 * 8))) }
        return String(String.UnicodeScalarView(scalars.map { $0 }))
    }

    /// Bytes a tightly packed frame needs, or nil for compressed formats.
    public func packedFrameByteCount(width: Int, height: Int) -> Int? {
        switch self {
        case .yuyv: width * height * 2
        case .nv12, .i420: width * height + 2 * ((width + 1) / 2) * ((height + 1) / 2)
        case .rgb24: width * height * 3
        default: nil
        }
    }
}
