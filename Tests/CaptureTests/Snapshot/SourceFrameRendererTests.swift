import Testing

@testable import Capture

/// The renderer gives the RGB the preprocessor's readers give, at the frame's full size.
@Suite struct SourceFrameRendererTests {
    /// BT.601 limited-range Y′CbCr of colours, with the RGB they stand for.
    static let colors: [(y: UInt8, cb: UInt8, cr: UInt8, rgb: RGBColor)] = [
        (81, 90, 240, RGBColor(red: 255, green: 0, blue: 0)),
        (145, 54, 34, RGBColor(red: 0, green: 255, blue: 0)),
        (41, 240, 110, RGBColor(red: 0, green: 0, blue: 255)),
        (235, 128, 128, .white),
        (16, 128, 128, .black),
        (126, 128, 128, RGBColor(red: 128, green: 128, blue: 128)),
    ]

    static func render(_ info: FrameInfo, _ bytes: [UInt8]) throws -> RGBImage {
        var frame = SourceFrame()
        frame.copy(info, bytes.span.bytes)
        var image = RGBImage()
        try SourceFrameRenderer().render(frame, into: &image)
        return image
    }

    static func expectClose(_ actual: RGBColor, _ expected: RGBColor, tolerance: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let close = abs(Int(actual.red) - Int(expected.red)) <= tolerance
            && abs(Int(actual.green) - Int(expected.green)) <= tolerance
            && abs(Int(actual.blue) - Int(expected.blue)) <= tolerance
        #expect(close, "\(actual) is not within \(tolerance) of \(expected)", sourceLocation: sourceLocation)
    }

    @Test func yuyvFramesGiveTheirColours() throws {
        // One pair of pixels per colour, rows padded to 30 bytes.
        let stride = 4 * Self.colors.count + 6
        var bytes = [UInt8](repeating: 0xEE, count: stride * 2)
        for row in 0..<2 {
            for (pair, color) in Self.colors.enumerated() {
                bytes.replaceSubrange((row * stride + 4 * pair)..<(row * stride + 4 * pair + 4), with: [color.y, color.cb, color.y, color.cr])
            }
        }
        let image = try Self.render(
            FrameInfo(format: .yuyv, width: 2 * Self.colors.count, height: 2, bytesPerLine: stride, sequence: 0, timestamp: .zero), bytes)
        #expect(image.width == 2 * Self.colors.count && image.height == 2)
        for (pair, color) in Self.colors.enumerated() {
            for x in [2 * pair, 2 * pair + 1] {
                for y in 0..<2 { Self.expectClose(image.pixel(x: x, y: y), color.rgb, tolerance: 2) }
            }
        }
    }

    @Test func nv12FramesGiveTheirColours() throws {
        // One 2×2 block per colour.
        let width = 2 * Self.colors.count
        var bytes = [UInt8](repeating: 0, count: width * 2 + width)
        for (block, color) in Self.colors.enumerated() {
            for y in 0..<2 { bytes[y * width + 2 * block] = color.y; bytes[y * width + 2 * block + 1] = color.y }
            bytes[2 * width + 2 * block] = color.cb
            bytes[2 * width + 2 * block + 1] = color.cr
        }
        let image = try Self.render(
            FrameInfo(format: .nv12, width: width, height: 2, bytesPerLine: width, sequence: 0, timestamp: .zero), bytes)
        for (block, color) in Self.colors.enumerated() {
            for y in 0..<2 {
                Self.expectClose(image.pixel(x: 2 * block, y: y), color.rgb, tolerance: 2)
                Self.expectClose(image.pixel(x: 2 * block + 1, y: y), color.rgb, tolerance: 2)
            }
        }
    }

    @Test func rgb24FramesAreCopiedWithoutTheirRowPadding() throws {
        let frame = SyntheticFrames.rgb24(width: 13, height: 5, extra: 7)
        let image = try Self.render(frame.info, frame.bytes)
        #expect(image == (try ReferencePath.rgb(rgb24: frame)))
    }

    @Test func uncompressedFramesMatchThePreprocessorsReferenceConversion() throws {
        let yuyv = SyntheticFrames.yuyv(width: 37, height: 9, extra: 4)
        #expect(try Self.render(yuyv.info, yuyv.bytes) == (try ReferencePath.rgb(yuyv: yuyv)))
        let nv12 = SyntheticFrames.nv12(width: 37, height: 9, extra: 3)
        #expect(try Self.render(nv12.info, nv12.bytes) == (try ReferencePath.rgb(nv12: nv12)))
        let i420 = SyntheticFrames.i420(width: 37, height: 9, extra: 3)
        #expect(try Self.render(i420.info, i420.bytes) == (try ReferencePath.rgb(i420: i420)))
    }

    @Test func mjpegFramesDecodeAtFullSize() throws {
        // 16×16 blocks of solid colour, so the JPEG's blocks hold one colour each.
        let colors = Self.colors.map(\.rgb)
        let width = 16 * colors.count
        var pixels: [UInt8] = []
        for _ in 0..<16 {
            for color in colors {
                for _ in 0..<16 { pixels += [color.red, color.green, color.blue] }
            }
        }
        let jpeg = try JPEGEncoder(quality: 100, subsampling: .yuv444).encode(RGBImage(width: width, height: 16, bytes: pixels))
        // A camera's MJPEG size in FrameInfo may disagree with the JPEG: the header wins.
        let image = try Self.render(
            FrameInfo(format: .mjpeg, width: 1, height: 1, bytesPerLine: 0, sequence: 0, timestamp: .zero), Array(jpeg))
        #expect(image.width == width && image.height == 16)
        for (block, color) in colors.enumerated() {
            Self.expectClose(image.pixel(x: 16 * block + 8, y: 8), color, tolerance: 3)
        }
    }

    @Test func unusableFramesAreRefused() throws {
        let renderer = try SourceFrameRenderer()
        var image = RGBImage()
        let grey = PixelFormat("GREY")!
        #expect(throws: PreprocessError.unsupportedFormat(grey)) {
            try renderer.render(
                FrameInfo(format: grey, width: 2, height: 2, bytesPerLine: 2, sequence: 0, timestamp: .zero), [UInt8](repeating: 0, count: 4).span.bytes,
                into: &image)
        }
        #expect(throws: PreprocessError.frameTooShort(format: .yuyv, byteCount: 10, needed: 16)) {
            try renderer.render(
                FrameInfo(format: .yuyv, width: 4, height: 2, bytesPerLine: 8, sequence: 0, timestamp: .zero), [UInt8](repeating: 0, count: 10).span.bytes,
                into: &image)
        }
        let notJPEG = [UInt8](repeating: 0, count: 64)
        let error = try #require(throws: PreprocessError.self) {
            try renderer.render(
                FrameInfo(format: .mjpeg, width: 8, height: 8, bytesPerLine: 0, sequence: 0, timestamp: .zero), notJPEG.span.bytes,
                into: &image)
        }
        guard case .jpeg(let jpegError) = error else {
            Issue.record("expected a JPEG error, got \(error)")
            return
        }
        #expect(jpegError.kind == .invalidData)
        // An empty frame (nothing copied yet) has no size.
        #expect(throws: PreprocessError.invalidFrameSize(width: 0, height: 0)) {
            try renderer.render(SourceFrame(), into: &image)
        }
    }
}
