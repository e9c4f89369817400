import Testing

@testable import Capture

/// Frames from real GStreamer pipelines (videotestsrc's random snow, so every byte value
/// shows up) converted by the one-pass preprocessor, while the source lends them, equal the
/// reference path computed from a copy of the same bytes. GStreamer lays planes out its own
/// way (strides rounded up to 4, chroma planes after a luma plane of even height), which the
/// source must describe in `FrameInfo`: the expected layouts below are GStreamer's
/// (gst_video_info_set_format), written out.
@Suite(.serialized) struct GStreamerFramesMatchReferenceTests {
    struct Case: Sendable, CustomStringConvertible {
        /// GStreamer's name of the format.
        var caps: String
        var format: PixelFormat
        var width: Int
        var height: Int
        var stride: Int
        var chroma: ChromaPlanes?
        var size: Int

        var description: String { "\(caps) \(width)x\(height)" }
    }

    static let cases: [Case] = [
        Case(
            caps: "I420", format: .i420, width: 640, height: 480, stride: 640,
            chroma: ChromaPlanes(offset: 307_200, secondOffset: 384_000, bytesPerLine: 320), size: 460_800),
        Case(
            caps: "NV12", format: .nv12, width: 1280, height: 720, stride: 1280,
            chroma: ChromaPlanes(offset: 921_600, bytesPerLine: 1280), size: 1_382_400),
        // Rows of 642 pixels are 644 bytes apart, chroma rows of 321 samples 324.
        Case(
            caps: "I420", format: .i420, width: 642, height: 362, stride: 644,
            chroma: ChromaPlanes(offset: 233_128, secondOffset: 291_772, bytesPerLine: 324), size: 350_416),
        Case(caps: "YUY2", format: .yuyv, width: 320, height: 240, stride: 640, chroma: nil, size: 153_600),
        Case(caps: "RGB", format: .rgb24, width: 161, height: 121, stride: 484, chroma: nil, size: 58_564),
        // An odd height: the chroma planes follow 122 rows of luma, one more than the picture.
        Case(
            caps: "I420", format: .i420, width: 161, height: 121, stride: 164,
            chroma: ChromaPlanes(offset: 20_008, secondOffset: 25_132, bytesPerLine: 84), size: 30_256),
        Case(
            caps: "NV12", format: .nv12, width: 161, height: 121, stride: 164,
            chroma: ChromaPlanes(offset: 20_008, bytesPerLine: 164), size: 30_012),
    ]

    @Test(arguments: cases)
    func framesMatchTheReferencePath(_ expected: Case) throws {
        try GStreamerTesting.require()
        let source = try GStreamerTesting.source(
            "videotestsrc is-live=true pattern=snow ! video/x-raw,format=\(expected.caps),width=\(expected.width),"
                + "height=\(expected.height),framerate=30/1")
        let stopGuard = StopGuard(source.stopSignal)
        defer { #expect(!stopGuard.finish(), "no frame came") }
        let preprocessor = try FramePreprocessor(inputWidth: 640, inputHeight: 640, quantization: ReferencePath.table)
        var input = [Int8](repeating: 0, count: preprocessor.inputCount)
        var sequences: [UInt32] = []
        for _ in 0..<2 {
            let taken = try source.withNextFrame { (info, bytes) throws(PreprocessError) in
                let transform = try preprocessor.preprocess(info, bytes, into: &input)
                return (GStreamerTesting.copy(info, bytes), transform)
            }
            let (frame, transform) = try #require(taken)
            let info = frame.info
            #expect(info.format == expected.format)
            #expect(info.width == expected.width && info.height == expected.height)
            #expect(info.bytesPerLine == expected.stride)
            #expect(info.chroma == expected.chroma)
            #expect(frame.bytes.count == expected.size)
            sequences.append(info.sequence)

            let (reference, referenceTransform) = try ReferencePath.letterbox(
                ReferencePath.rgb(frame), inputWidth: 640, inputHeight: 640)
            #expect(transform == referenceTransform)
            #expect(ReferencePath.largestDifference(input, reference) == 0, "\(expected)")
            // The renderer (snapshots) reads the same layout.
            #expect(try SourceFrameRendererTests.render(frame.info, frame.bytes) == (try ReferencePath.rgb(frame)))
        }
        #expect(sequences[0] >= 1 && sequences[1] > sequences[0])
        let status = source.status.snapshot()
        #expect(status.state == .streaming)
        #expect(
            status.format
                == StreamFormat(
                    format: expected.format, width: expected.width, height: expected.height,
                    bytesPerLine: expected.stride, imageSize: expected.size, framesPerSecond: 30, isConverted: false))
        #expect(status.counters.opens == 1 && status.counters.frames == 2)
    }

    /// A stream's frames can be prepared for from its announced format, as the daemon does.
    @Test func announcedFormatPreparesThePreprocessor() throws {
        try GStreamerTesting.require()
        let source = try GStreamerTesting.source(
            "videotestsrc is-live=true ! video/x-raw,format=NV12,width=320,height=240,framerate=30/1")
        let stopGuard = StopGuard(source.stopSignal)
        defer { stopGuard.finish() }
        let taken: Bool? = source.withNextFrame { _, _ in true }
        try #require(taken == true)
        let format = try #require(source.status.snapshot().format)
        let preprocessor = try FramePreprocessor(inputWidth: 320, inputHeight: 320, quantization: ReferencePath.table)
        try preprocessor.prepare(for: format)
    }
}
