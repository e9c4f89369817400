import CTurboJPEG

/// The size and colour layout of a JPEG, read from its header.
public struct JPEGHeader: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// libjpeg-turbo's colourspace (`TJCS_*`).
    let colorspace: Int32

    /// CMYK and YCCK JPEGs decode only to CMYK in libjpeg-turbo.
    var isCMYK: Bool {
        colorspace == Int32(TJCS_CMYK.rawValue) || colorspace == Int32(TJCS_YCCK.rawValue)
    }
}

/// Decodes JPEGs to RGB with libjpeg-turbo, reusing one decompressor and its
/// buffers: decoding frames of one size into the same image allocates
/// nothing after the first.
///
/// Decoding uses libjpeg-turbo's defaults (accurate integer DCT, smooth
/// chroma upsampling), so the pixels equal `djpeg -ppm`'s. Grayscale JPEGs
/// decode to RGB; CMYK/YCCK ones are converted as `djpeg` does. Any libjpeg
/// warning, such as a truncated file, fails the decode. Not thread-safe: use
/// one decoder per thread.
public final class JPEGDecoder {
    /// Larger images are refused before any pixel memory is allocated: a
    /// header can claim up to 65500×65500 pixels (12 GB of RGB).
    public let maximumPixelCount: Int
    private let handle: tjhandle
    private var file = FileContents()
    private var cmyk: [UInt8] = []

    /// The default limit, 2^25 pixels (33.5 MP, an 8K frame): the decoded image stays within
    /// 100 MB, where a header claiming 8192x8192 would take 200 MB.
    public init(maximumPixelCount: Int = 1 << 25) throws(JPEGError) {
        guard let handle = tjInitDecompress() else {
            throw JPEGError(.decoderUnavailable, message: String(cString: tjGetErrorStr2(nil)))
        }
        self.handle = handle
        self.maximumPixelCount = maximumPixelCount
    }

    deinit { tjDestroy(handle) }

    public func header(of jpeg: UnsafeRawBufferPointer) throws(JPEGError) -> JPEGHeader {
        guard let base = jpeg.baseAddress, !jpeg.isEmpty else {
            throw JPEGError(.invalidData, message: "no data")
        }
        var width: Int32 = 0
        var height: Int32 = 0
        var subsampling: Int32 = 0
        var colorspace: Int32 = 0
        guard
            tjDecompressHeader3(
                handle, base.assumingMemoryBound(to: UInt8.self), UInt(jpeg.count),
                &width, &height, &subsampling, &colorspace) == 0
        else { throw lastError() }
        return JPEGHeader(width: Int(width), height: Int(height), colorspace: colorspace)
    }

    /// Decodes `jpeg` into `image`, at `scale` of its size. After an error
    /// the contents of `image` are unspecified.
    public func decode(
        _ jpeg: UnsafeRawBufferPointer, scale: JPEGScale = .full, into image: inout RGBImage
    ) throws(JPEGError) {
        guard JPEGScale.supported.contains(scale) else {
            throw JPEGError(.unsupportedScale, message: "libjpeg-turbo cannot decode at \(scale)")
        }
        let header = try header(of: jpeg)
        let width = scale.scaled(header.width)
        let height = scale.scaled(header.height)
        guard width * height <= maximumPixelCount else {
            throw JPEGError(
                .tooLarge,
                message: "\(width)x\(height) pixels exceed the decoder's limit of \(maximumPixelCount)")
        }
        image.reshape(width: width, height: height)
        if header.isCMYK {
            let count = width * height * 4
            if cmyk.count != count { cmyk = Array(repeating: 0, count: count) }
            try cmyk.withUnsafeMutableBufferPointer { (pixels) throws(JPEGError) in
                try decompress(jpeg, into: pixels, width: width, height: height, format: TJPF_CMYK)
            }
            image.withUnsafeMutableBytes { convertCMYK(cmyk, toRGB: $0) }
        } else {
            try image.withUnsafeMutableBytes { (pixels) throws(JPEGError) in
                try decompress(jpeg, into: pixels, width: width, height: height, format: TJPF_RGB)
            }
        }
    }

    public func decode(
        _ jpeg: [UInt8], scale: JPEGScale = .full, into image: inout RGBImage
    ) throws(JPEGError) {
        try jpeg.withUnsafeBufferPointer { (bytes) throws(JPEGError) in
            try decode(UnsafeRawBufferPointer(bytes), scale: scale, into: &image)
        }
    }

    /// Reads and decodes the JPEG file at `path`; errors name the file.
    public func decodeFile(
        atPath path: String, scale: JPEGScale = .full, into image: inout RGBImage
    ) throws(JPEGError) {
        do {
            let size = try file.read(path: path)
            try file.buffer.withUnsafeBufferPointer { (bytes) throws(JPEGError) in
                try decode(
                    UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[..<size])),
                    scale: scale, into: &image)
            }
        } catch {
            throw error.at(path: path)
        }
    }

    /// - Parameter jpeg: non-empty (`header(of:)` has checked it).
    private func decompress(
        _ jpeg: UnsafeRawBufferPointer, into pixels: UnsafeMutableBufferPointer<UInt8>,
        width: Int, height: Int, format: TJPF
    ) throws(JPEGError) {
        let status = tjDecompress2(
            handle, jpeg.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt(jpeg.count),
            pixels.baseAddress, Int32(width), 0, Int32(height), Int32(format.rawValue), 0)
        guard status == 0 else { throw lastError() }
    }

    private func lastError() -> JPEGError {
        JPEGError(.invalidData, message: String(cString: tjGetErrorStr2(handle)))
    }
}
