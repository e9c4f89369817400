import CTurboJPEG

/// Encodes test images with libjpeg-turbo, so decoder tests can make JPEGs of
/// any colour layout without external files.
enum TestJPEGEncoder {
    /// - Parameter pixels: packed pixels of `format` (RGB, gray or CMYK).
    static func encode(
        _ pixels: [UInt8], width: Int, height: Int, format: TJPF, subsampling: TJSAMP
    ) throws -> [UInt8] {
        guard let handle = tjInitCompress() else {
            throw ToolFailure(description: "tjInitCompress failed")
        }
        defer { tjDestroy(handle) }
        var jpeg: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        let status = tjCompress2(
            handle, pixels, Int32(width), 0, Int32(height), Int32(format.rawValue), &jpeg,
            &size, Int32(subsampling.rawValue), 90, 0)
        defer { tjFree(jpeg) }
        guard status == 0, let jpeg else {
            throw ToolFailure(description: String(cString: tjGetErrorStr2(handle)))
        }
        return Array(UnsafeBufferPointer(start: jpeg, count: Int(size)))
    }

    /// `pattern` encoded as RGB, or as CMYK when `cmyk` is set.
    static func encodePattern(
        width: Int, height: Int, subsampling: TJSAMP, cmyk: Bool = false
    ) throws -> [UInt8] {
        try encode(
            pattern(width: width, height: height, channels: cmyk ? 4 : 3), width: width, height: height,
            format: cmyk ? TJPF_CMYK : TJPF_RGB, subsampling: subsampling)
    }

    /// A smooth colour gradient with some detail, `channels` bytes a pixel.
    static func pattern(width: Int, height: Int, channels: Int) -> [UInt8] {
        var pixels: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width {
                for channel in 0..<channels {
                    pixels.append(UInt8(truncatingIfNeeded: x * (channel + 1) * 3 + y * 2 + (x ^ y) % 7))
                }
            }
        }
        return pixels
    }
}
