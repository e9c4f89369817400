import CTurboJPEG

/// Encodes RGB images as JPEG with libjpeg-turbo, reusing one compressor and one output buffer
/// sized for the worst case (`tjBufSize`), which libjpeg-turbo is told never to reallocate:
/// encoding images of one size allocates nothing in Swift after the first. (libjpeg-turbo
/// still mallocs its own working memory per image, as it does when decoding.)
///
/// libjpeg-turbo 2.1's TurboJPEG API (`tjCompress2`); 3.x still provides it. Not thread-safe:
/// use one encoder per thread.
public final class JPEGEncoder {
    public static let defaultQuality = 85
    /// JPEG's own limit on a side (libjpeg's `JPEG_MAX_DIMENSION`).
    public static let maximumSide = 65500

    /// 1...100.
    public let quality: Int
    public let subsampling: JPEGChromaSubsampling
    private let handle: tjhandle
    private var output: [UInt8] = []

    /// - Parameter quality: libjpeg's quality scale; values outside 1...100 are clamped to it.
    public init(
        quality: Int = JPEGEncoder.defaultQuality, subsampling: JPEGChromaSubsampling = .yuv420
    ) throws(JPEGError) {
        guard let handle = tjInitCompress() else {
            throw JPEGError(.encoderUnavailable, message: String(cString: tjGetErrorStr2(nil)))
        }
        self.handle = handle
        self.quality = min(max(quality, 1), 100)
        self.subsampling = subsampling
    }

    deinit { tjDestroy(handle) }

    /// Makes the output buffer for images of `width`×`height` now, so that even the first
    /// encode of that size allocates nothing in Swift.
    public func reserve(width: Int, height: Int) throws(JPEGError) {
        let needed = try worstCaseSize(width: width, height: height)
        if output.count < needed { output = Array(repeating: 0, count: needed) }
    }

    /// Encodes `image`. The JPEG is a slice of the encoder's buffer, so returning it copies
    /// nothing; the next encode writes over that buffer in place unless the slice is still
    /// held somewhere (then the buffer is copied first, as any array's would be).
    public func encode(_ image: RGBImage) throws(JPEGError) -> ArraySlice<UInt8> {
        try reserve(width: image.width, height: image.height)
        let (status, size) = image.bytes.withUnsafeBufferPointer { pixels in
            output.withUnsafeMutableBufferPointer { buffer in
                var destination = buffer.baseAddress
                var size = UInt(buffer.count)
                let status = tjCompress2(
                    handle, pixels.baseAddress, Int32(image.width), 0, Int32(image.height),
                    Int32(TJPF_RGB.rawValue), &destination, &size, subsampling.turboJPEGValue, Int32(quality),
                    TJFLAG_NOREALLOC)
                return (status, Int(size))
            }
        }
        guard status == 0, size <= output.count else {
            throw JPEGError(.encodingFailed, message: String(cString: tjGetErrorStr2(handle)))
        }
        return output[..<size]
    }

    /// The most bytes a JPEG of this size can take (`tjBufSize`).
    private func worstCaseSize(width: Int, height: Int) throws(JPEGError) -> Int {
        guard (1...Self.maximumSide).contains(width), (1...Self.maximumSide).contains(height) else {
            throw JPEGError(
                .encodingFailed,
                message: "cannot encode a \(width)x\(height) image: each side must be 1 to \(Self.maximumSide) pixels")
        }
        let size = tjBufSize(Int32(width), Int32(height), subsampling.turboJPEGValue)
        guard size != UInt.max, size <= UInt(Int.max) else {
            throw JPEGError(.encodingFailed, message: String(cString: tjGetErrorStr2(nil)))
        }
        return Int(size)
    }
}
