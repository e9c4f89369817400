import CTurboJPEG
import Testing

@testable import Capture
import Infer

@Suite struct PreprocessErrorTests {
    /// Every refused frame also leaves the input as it was: the daemon converts into the one
    /// frame its newest-frame slot holds, which a refused frame must not spoil.
    static func preprocess(_ info: FrameInfo, _ bytes: [UInt8], inputCount: Int = 64 * 64 * 3) throws {
        let preprocessor = try FramePreprocessor(inputWidth: 64, inputHeight: 64, quantization: ReferencePath.table)
        let untouched = [Int8](repeating: 77, count: inputCount)
        var input = untouched
        do {
            _ = try preprocessor.preprocess(info, bytes.span.bytes, into: &input)
        } catch {
            #expect(input == untouched, "a refused frame wrote into the input")
            throw error
        }
    }

    @Test func shortFrameIsRefused() throws {
        let frame = SyntheticFrames.nv12(width: 16, height: 8)
        #expect(throws: PreprocessError.frameTooShort(format: .nv12, byteCount: 16 * 8, needed: 16 * 8 + 64)) {
            try Self.preprocess(frame.info, Array(frame.bytes.prefix(16 * 8)))
        }
    }

    @Test func oddWidthYUYVNeedsTheLastPairWhole() throws {
        // 5 pixels wide packed at 2 bytes a pixel lacks the last V.
        let info = ReferencePath.info(.yuyv, 5, 2, bytesPerLine: 10)
        #expect(throws: PreprocessError.invalidRowStride(format: .yuyv, width: 5, bytesPerLine: 10, needed: 12)) {
            try Self.preprocess(info, [UInt8](repeating: 128, count: 24))
        }
    }

    @Test func rowsShorterThanPixelsAreRefused() throws {
        let info = ReferencePath.info(.rgb24, 10, 2, bytesPerLine: 29)
        #expect(throws: PreprocessError.invalidRowStride(format: .rgb24, width: 10, bytesPerLine: 29, needed: 30)) {
            try Self.preprocess(info, [UInt8](repeating: 0, count: 60))
        }
    }

    @Test(arguments: [(0, 10), (10, -1), (70_000, 2)])
    func absurdSizesAreRefused(width: Int, height: Int) throws {
        let info = ReferencePath.info(.yuyv, width, height, bytesPerLine: 4)
        #expect(throws: PreprocessError.invalidFrameSize(width: width, height: height)) {
            try Self.preprocess(info, [UInt8](repeating: 0, count: 16))
        }
    }

    @Test func prepareChecksTheAnnouncedLayout() throws {
        let preprocessor = try FramePreprocessor(inputWidth: 64, inputHeight: 64, quantization: ReferencePath.table)
        let oddYUYV = StreamFormat(
            format: .yuyv, width: 5, height: 2, bytesPerLine: 10, imageSize: 20, framesPerSecond: nil,
            isConverted: false)
        #expect(throws: PreprocessError.invalidRowStride(format: .yuyv, width: 5, bytesPerLine: 10, needed: 12)) {
            try preprocessor.prepare(for: oddYUYV)
        }
        let shortNV12 = StreamFormat(
            format: .nv12, width: 16, height: 8, bytesPerLine: 16, imageSize: 16 * 8, framesPerSecond: nil,
            isConverted: false)
        #expect(throws: PreprocessError.frameTooShort(format: .nv12, byteCount: 16 * 8, needed: 16 * 8 + 64)) {
            try preprocessor.prepare(for: shortNV12)
        }
    }

    @Test func unsupportedFormatIsNamed() throws {
        let grey = PixelFormat("GREY")!
        #expect(throws: PreprocessError.unsupportedFormat(grey)) {
            try Self.preprocess(ReferencePath.info(grey, 4, 4, bytesPerLine: 4), [UInt8](repeating: 0, count: 16))
        }
        #expect(PreprocessError.unsupportedFormat(grey).description.contains("GREY"))
    }

    @Test func wrongInputBufferIsRefused() throws {
        let frame = SyntheticFrames.rgb24(width: 4, height: 4)
        #expect(throws: PreprocessError.letterbox(.outputSizeMismatch(expected: 64 * 64 * 3, actual: 10))) {
            try Self.preprocess(frame.info, frame.bytes, inputCount: 10)
        }
    }

    @Test func truncatedMJPEGIsAJPEGError() throws {
        let jpeg = try TestJPEGEncoder.encode(
            TestJPEGEncoder.pattern(width: 64, height: 48, channels: 3), width: 64, height: 48,
            format: TJPF_RGB, subsampling: TJSAMP_422)
        let info = ReferencePath.info(.mjpeg, 64, 48, bytesPerLine: 0)
        let error = try #require(throws: PreprocessError.self) {
            try Self.preprocess(info, Array(jpeg.prefix(jpeg.count / 2)))
        }
        guard case .jpeg(let jpegError) = error else {
            Issue.record("expected a JPEG error, got \(error)")
            return
        }
        #expect(jpegError.kind == .invalidData)
    }

    @Test func emptyMJPEGIsAJPEGError() throws {
        let info = ReferencePath.info(.mjpeg, 640, 480, bytesPerLine: 0)
        #expect(throws: PreprocessError.self) { try Self.preprocess(info, []) }
    }
}
