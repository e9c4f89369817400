import Testing

@testable import Capture
import Infer

/// The one-pass preprocessor against decode → RGB image → Letterboxer. Each
/// row goes through the same integer colour math and resizer, so the two
/// agree exactly (the issue allows ±1 step).
@Suite struct OnePassMatchesReferenceTests {
    /// (width, height, extra row bytes, input width, input height)
    static let sizes: [(Int, Int, Int, Int, Int)] = [
        (640, 480, 0, 640, 640),  // no resize, padded top and bottom
        (1280, 720, 0, 640, 640),  // exact halving
        (1279, 721, 6, 640, 640),  // odd sizes with row padding
        (321, 241, 0, 640, 640),  // odd upscale
        (479, 640, 3, 640, 640),  // portrait, odd width
        (33, 17, 1, 320, 256),  // non-square input
        (1, 1, 0, 64, 64),  // a single pixel
    ]

    static func check(_ frame: ReferencePath.Frame, reference: RGBImage, inputWidth: Int, inputHeight: Int)
        throws
    {
        let (expected, expectedTransform) = try ReferencePath.letterbox(
            reference, inputWidth: inputWidth, inputHeight: inputHeight)
        let preprocessor = try FramePreprocessor(
            inputWidth: inputWidth, inputHeight: inputHeight, quantization: ReferencePath.table)
        var input = [Int8](repeating: 0, count: preprocessor.inputCount)
        let transform = try preprocessor.preprocess(frame.info, frame.bytes.span.bytes, into: &input)
        #expect(transform == expectedTransform)
        #expect(ReferencePath.largestDifference(input, expected) == 0, "\(frame.info)")
    }

    @Test(arguments: sizes)
    func yuyv(width: Int, height: Int, extra: Int, inputWidth: Int, inputHeight: Int) throws {
        let frame = SyntheticFrames.yuyv(width: width, height: height, extra: extra * 2)
        try Self.check(
            frame, reference: ReferencePath.rgb(yuyv: frame), inputWidth: inputWidth, inputHeight: inputHeight)
    }

    @Test(arguments: sizes)
    func nv12(width: Int, height: Int, extra: Int, inputWidth: Int, inputHeight: Int) throws {
        let frame = SyntheticFrames.nv12(width: width, height: height, extra: extra)
        try Self.check(
            frame, reference: ReferencePath.rgb(nv12: frame), inputWidth: inputWidth, inputHeight: inputHeight)
    }

    /// I420 in V4L2's single-planar YU12 layout (no `FrameInfo.chroma`).
    @Test(arguments: sizes)
    func i420(width: Int, height: Int, extra: Int, inputWidth: Int, inputHeight: Int) throws {
        let frame = SyntheticFrames.i420(width: width, height: height, extra: extra)
        #expect(frame.info.chroma == nil)
        try Self.check(
            frame, reference: ReferencePath.rgb(i420: frame), inputWidth: inputWidth, inputHeight: inputHeight)
    }

    @Test(arguments: sizes)
    func rgb24(width: Int, height: Int, extra: Int, inputWidth: Int, inputHeight: Int) throws {
        let frame = SyntheticFrames.rgb24(width: width, height: height, extra: extra)
        try Self.check(
            frame, reference: ReferencePath.rgb(rgb24: frame), inputWidth: inputWidth, inputHeight: inputHeight)
    }

    /// BT.709 frames differ from BT.601 ones, and each matches its own reference.
    @Test func colorMatrixIsASetting() throws {
        let frame = SyntheticFrames.yuyv(width: 64, height: 48)
        let preprocessor = try FramePreprocessor(
            inputWidth: 64, inputHeight: 64, quantization: ReferencePath.table, colorMatrix: .bt709)
        var input = [Int8](repeating: 0, count: preprocessor.inputCount)
        _ = try preprocessor.preprocess(frame.info, frame.bytes.span.bytes, into: &input)
        let (bt709, _) = try ReferencePath.letterbox(
            ReferencePath.rgb(yuyv: frame, matrix: .bt709), inputWidth: 64, inputHeight: 64)
        let (bt601, _) = try ReferencePath.letterbox(ReferencePath.rgb(yuyv: frame), inputWidth: 64, inputHeight: 64)
        #expect(input == bt709)
        #expect(input != bt601)
    }

    /// One preprocessor, frames of changing formats and sizes: nothing of
    /// the previous frame leaks into the next.
    @Test func reusedAcrossFormatsAndSizes() throws {
        let preprocessor = try FramePreprocessor(inputWidth: 320, inputHeight: 320, quantization: ReferencePath.table)
        var input = [Int8](repeating: 0, count: preprocessor.inputCount)
        let frames = [
            (SyntheticFrames.yuyv(width: 640, height: 480), { try ReferencePath.rgb(yuyv: $0) }),
            (SyntheticFrames.nv12(width: 200, height: 300), { try ReferencePath.rgb(nv12: $0) }),
            (SyntheticFrames.yuyv(width: 640, height: 480), { try ReferencePath.rgb(yuyv: $0) }),
            (SyntheticFrames.rgb24(width: 100, height: 50), { try ReferencePath.rgb(rgb24: $0) }),
            (SyntheticFrames.i420(width: 200, height: 300), { try ReferencePath.rgb(i420: $0) }),
            (SyntheticFrames.nv12(width: 200, height: 300), { try ReferencePath.rgb(nv12: $0) }),
        ] as [(ReferencePath.Frame, (ReferencePath.Frame) throws -> RGBImage)]
        for (frame, reference) in frames {
            _ = try preprocessor.preprocess(frame.info, frame.bytes.span.bytes, into: &input)
            let (expected, _) = try ReferencePath.letterbox(reference(frame), inputWidth: 320, inputHeight: 320)
            #expect(input == expected, "\(frame.info)")
        }
    }

    /// Preparing for the stream's format (MJPEG too) changes nothing in the results.
    @Test func preparedAheadGivesTheSameResult() throws {
        let frame = SyntheticFrames.nv12(width: 1280, height: 720)
        let preprocessor = try FramePreprocessor(inputWidth: 320, inputHeight: 320, quantization: ReferencePath.table)
        for format in [PixelFormat.mjpeg, .nv12] {
            try preprocessor.prepare(
                for: StreamFormat(
                    format: format, width: 1280, height: 720, bytesPerLine: 1280, imageSize: frame.bytes.count,
                    framesPerSecond: 30, isConverted: false))
        }
        var input = [Int8](repeating: 0, count: preprocessor.inputCount)
        _ = try preprocessor.preprocess(frame.info, frame.bytes.span.bytes, into: &input)
        let (expected, _) = try ReferencePath.letterbox(ReferencePath.rgb(nv12: frame), inputWidth: 320, inputHeight: 320)
        #expect(input == expected)
    }

    /// Tightly packed odd-width I420 has chroma rows of ceil(width / 2) samples.
    @Test func packedOddWidthI420IsThePackedLayout() throws {
        let frame = SyntheticFrames.i420(width: 33, height: 17)
        #expect(frame.bytes.count == PixelFormat.i420.packedFrameByteCount(width: 33, height: 17))
        try Self.check(frame, reference: ReferencePath.rgb(i420: frame), inputWidth: 64, inputHeight: 64)
    }

    /// Tightly packed odd-width NV12, as raw replay stores it, has chroma
    /// rows one byte longer than its luma rows.
    @Test func packedOddWidthNV12IsTheRawReplayLayout() throws {
        let frame = SyntheticFrames.nv12(width: 33, height: 17)
        #expect(frame.bytes.count == PixelFormat.nv12.packedFrameByteCount(width: 33, height: 17))
        try Self.check(frame, reference: ReferencePath.rgb(nv12: frame), inputWidth: 64, inputHeight: 64)
    }
}
