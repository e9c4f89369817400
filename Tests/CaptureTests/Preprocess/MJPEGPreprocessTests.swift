import CTurboJPEG
import Testing

@testable import Capture
import Infer

@Suite struct MJPEGPreprocessTests {
    /// (frame width, height, input side, expected scale)
    @Test(arguments: [
        (1280, 720, 640, JPEGScale.half),  // 640x360 letterboxed: exactly half
        (1920, 1080, 640, .half),  // a quarter (480x270) would be too small
        (2560, 1440, 640, .quarter),
        (5120, 2880, 640, .eighth),
        (720, 1280, 640, .half),  // portrait
        (1279, 719, 640, .half),  // half rounds up to 640x360
        (640, 480, 640, .full),  // no reduction keeps 640x480
        (1000, 1000, 640, .full),  // half would be 500 < 640
        (1280, 720, 320, .quarter),
        (100, 50, 640, .full),  // upscaled
    ])
    func decodeScaleKeepsTheLetterboxedSize(width: Int, height: Int, side: Int, expected: JPEGScale) throws {
        let transform = try LetterboxTransform(sourceWidth: width, sourceHeight: height, inputWidth: side, inputHeight: side)
        #expect(JPEGScale.smallestKeeping(transform) == expected)
    }

    static func mjpegInfo(_ width: Int, _ height: Int) -> FrameInfo {
        ReferencePath.info(.mjpeg, width, height, bytesPerLine: 0)
    }

    /// A large MJPEG frame decodes at a reduced scale; the result is the
    /// plain path on that reduced decode, and boxes map to the full frame.
    @Test(arguments: [(1280, 720, 640, JPEGScale.half), (1920, 1080, 640, .half), (1280, 720, 320, .quarter)])
    func largeFrameMatchesReferenceAtReducedScale(width: Int, height: Int, side: Int, scale: JPEGScale) throws {
        let jpeg = try TestJPEGEncoder.encode(
            TestJPEGEncoder.pattern(width: width, height: height, channels: 3), width: width, height: height,
            format: TJPF_RGB, subsampling: TJSAMP_422)
        var reduced = RGBImage()
        try JPEGDecoder().decode(jpeg, scale: scale, into: &reduced)
        let (expected, _) = try ReferencePath.letterbox(reduced, inputWidth: side, inputHeight: side)

        let preprocessor = try FramePreprocessor(inputWidth: side, inputHeight: side, quantization: ReferencePath.table)
        var input = [Int8](repeating: 0, count: preprocessor.inputCount)
        // The header, not the (wrong) announced size, decides.
        let transform = try preprocessor.preprocess(Self.mjpegInfo(1, 1), jpeg.span.bytes, into: &input)
        #expect(ReferencePath.largestDifference(input, expected) == 0)
        #expect(
            transform
                == (try LetterboxTransform(sourceWidth: width, sourceHeight: height, inputWidth: side, inputHeight: side)))
    }

    @Test func fullScaleDecodingIsThePlainPath() throws {
        let jpeg = try TestJPEGEncoder.encode(
            TestJPEGEncoder.pattern(width: 1280, height: 720, channels: 3), width: 1280, height: 720,
            format: TJPF_RGB, subsampling: TJSAMP_420)
        var full = RGBImage()
        try JPEGDecoder().decode(jpeg, into: &full)
        let (expected, _) = try ReferencePath.letterbox(full, inputWidth: 640, inputHeight: 640)
        let preprocessor = try FramePreprocessor(
            inputWidth: 640, inputHeight: 640, quantization: ReferencePath.table, decodesJPEGAtReducedScale: false)
        var input = [Int8](repeating: 0, count: preprocessor.inputCount)
        _ = try preprocessor.preprocess(Self.mjpegInfo(1280, 720), jpeg.span.bytes, into: &input)
        #expect(input == expected)
    }

    /// Real photos as MJPEG frames (640 wide: decoded at full size).
    @Test func realPhotosMatchTheReference() throws {
        let preprocessor = try FramePreprocessor(inputWidth: 640, inputHeight: 640, quantization: ReferencePath.table)
        var input = [Int8](repeating: 0, count: preprocessor.inputCount)
        for path in try SharedImages.paths(3) {
            let jpeg = try [UInt8](contentsOf: path)
            let (expected, expectedTransform) = try ReferencePath.letterbox(
                RGBImage(contentsOfJPEGFile: path), inputWidth: 640, inputHeight: 640)
            let transform = try preprocessor.preprocess(Self.mjpegInfo(640, 480), jpeg.span.bytes, into: &input)
            #expect(transform == expectedTransform)
            #expect(input == expected, "\(path)")
        }
    }
}

extension Array where Element == UInt8 {
    init(contentsOf path: String) throws {
        var contents = FileContents()
        let size = try contents.read(path: path)
        self = Array(contents.buffer.prefix(size))
    }
}
