import Testing

@testable import Capture
import Infer

/// NV12 and I420 frames whose chroma planes a source places (`FrameInfo.chroma`), as
/// GStreamer and hardware decoders lay them out: luma and chroma strides padded past the
/// pixels, luma planes of more rows than the picture (1080 coded as 1088), gaps between
/// planes, V before U. The one-pass preprocessor and the renderer read each plane from its
/// own offset, and equal a reference that reads them from there pixel by pixel.
@Suite struct PlacedChromaPlanesTests {
    /// A placement: the picture's size, the luma stride and rows (the chroma follows
    /// `lumaRows` rows of luma), a gap before each chroma plane, the chroma strides of NV12
    /// and of I420, and whether I420's V plane comes first.
    struct Placement: Sendable, CustomStringConvertible {
        var width: Int
        var height: Int
        var lumaStride: Int
        var lumaRows: Int
        var gap: Int
        var nv12ChromaStride: Int
        var i420ChromaStride: Int
        var vFirst = false
        /// Bytes after the last chroma row's pixels; 0 leaves the frame exactly as long as its
        /// last row needs (no stride padding after it).
        var trailing = 0

        var description: String {
            "\(width)x\(height) stride \(lumaStride) rows \(lumaRows) gap \(gap) chroma \(nv12ChromaStride)/\(i420ChromaStride)"
                + (vFirst ? " V first" : "") + " trailing \(trailing)"
        }

        var chromaRows: Int { (height + 1) / 2 }
        var pairs: Int { (width + 1) / 2 }

        var nv12: SyntheticFrames.PlaneLayout {
            let offset = lumaStride * lumaRows + gap
            return SyntheticFrames.PlaneLayout(
                lumaStride: lumaStride, chromaOffset: offset, chromaStride: nv12ChromaStride,
                byteCount: offset + (chromaRows - 1) * nv12ChromaStride + 2 * pairs + trailing)
        }

        var i420: SyntheticFrames.PlaneLayout {
            let first = lumaStride * lumaRows + gap
            let planeBytes = i420ChromaStride * ((lumaRows + 1) / 2)
            let second = first + planeBytes + gap
            let (u, v) = vFirst ? (second, first) : (first, second)
            return SyntheticFrames.PlaneLayout(
                lumaStride: lumaStride, chromaOffset: u, secondOffset: v, chromaStride: i420ChromaStride,
                byteCount: second + (chromaRows - 1) * i420ChromaStride + pairs + trailing)
        }
    }

    static let placements: [Placement] = [
        // A hardware decoder's 720p: 64-byte strides, luma coded as 736 rows.
        Placement(width: 1280, height: 720, lumaStride: 1280, lumaRows: 736, gap: 0, nv12ChromaStride: 1280,
                  i420ChromaStride: 640, trailing: 640),
        // GStreamer's own I420 of 642x362: strides rounded up to 4 (644, 324).
        Placement(width: 642, height: 362, lumaStride: 644, lumaRows: 362, gap: 0, nv12ChromaStride: 644,
                  i420ChromaStride: 324, trailing: 2),
        // 64-byte strides and 16-row luma planes, as V4L2 memory-to-memory decoders pad them.
        Placement(width: 642, height: 362, lumaStride: 704, lumaRows: 368, gap: 0, nv12ChromaStride: 704,
                  i420ChromaStride: 352, vFirst: true),
        // Odd size, gaps between the planes, odd chroma strides.
        Placement(width: 33, height: 17, lumaStride: 40, lumaRows: 17, gap: 100, nv12ChromaStride: 35,
                  i420ChromaStride: 19, trailing: 5),
        Placement(width: 479, height: 641, lumaStride: 512, lumaRows: 656, gap: 4096, nv12ChromaStride: 512,
                  i420ChromaStride: 256, vFirst: true),
        // A single pixel.
        Placement(width: 1, height: 1, lumaStride: 4, lumaRows: 2, gap: 3, nv12ChromaStride: 4, i420ChromaStride: 4),
    ]

    /// (input width, input height) the placements are letterboxed into.
    static let inputs = [(640, 640), (320, 256)]

    static func expectOnePassMatches(_ frame: ReferencePath.Frame, _ reference: RGBImage) throws {
        for (inputWidth, inputHeight) in inputs {
            try OnePassMatchesReferenceTests.check(
                frame, reference: reference, inputWidth: inputWidth, inputHeight: inputHeight)
        }
    }

    @Test(arguments: placements)
    func nv12MatchesTheReference(_ placement: Placement) throws {
        let frame = SyntheticFrames.nv12(width: placement.width, height: placement.height, layout: placement.nv12)
        let reference = try ReferencePath.rgb(nv12: frame)
        try Self.expectOnePassMatches(frame, reference)
        #expect(try SourceFrameRendererTests.render(frame.info, frame.bytes) == reference, "\(placement)")
    }

    @Test(arguments: placements)
    func i420MatchesTheReference(_ placement: Placement) throws {
        let frame = SyntheticFrames.i420(width: placement.width, height: placement.height, layout: placement.i420)
        let reference = try ReferencePath.rgb(i420: frame)
        try Self.expectOnePassMatches(frame, reference)
        #expect(try SourceFrameRendererTests.render(frame.info, frame.bytes) == reference, "\(placement)")
    }

    /// The reference does read the placed planes: a frame whose planes move, with the same
    /// samples, converts alike, and one whose chroma samples differ converts differently.
    @Test func referenceFollowsThePlacement() throws {
        let placement = Self.placements[3]
        let placed = SyntheticFrames.i420(width: placement.width, height: placement.height, layout: placement.i420)
        let packed = SyntheticFrames.i420(width: placement.width, height: placement.height)
        // Same luma and chroma samples, other places.
        #expect(try ReferencePath.rgb(i420: placed) == (try ReferencePath.rgb(i420: packed)))
        var swapped = placed
        let chroma = try #require(placed.info.chroma)
        swapped.info.chroma = ChromaPlanes(
            offset: chroma.secondOffset, secondOffset: chroma.offset, bytesPerLine: chroma.bytesPerLine)
        #expect(try ReferencePath.rgb(i420: swapped) != (try ReferencePath.rgb(i420: placed)))
        // And the preprocessor sees the swap too.
        try Self.expectOnePassMatches(swapped, ReferencePath.rgb(i420: swapped))
    }

    /// A chroma plane may start in the padding after the last luma row's pixels.
    @Test func chromaRightAfterTheLastLumaPixelIsAccepted() throws {
        let (width, height, stride) = (10, 4, 16)
        let lumaBytes = stride * (height - 1) + width
        let nv12 = SyntheticFrames.nv12(
            width: width, height: height,
            layout: .init(lumaStride: stride, chromaOffset: lumaBytes, chromaStride: 10, byteCount: lumaBytes + 20))
        try Self.expectOnePassMatches(nv12, ReferencePath.rgb(nv12: nv12))
        let i420 = SyntheticFrames.i420(
            width: width, height: height,
            layout: .init(
                lumaStride: stride, chromaOffset: lumaBytes, secondOffset: lumaBytes + 10, chromaStride: 5,
                byteCount: lumaBytes + 20))
        try Self.expectOnePassMatches(i420, ReferencePath.rgb(i420: i420))
    }

    // MARK: Placements that cannot be read

    static func preprocess(_ frame: ReferencePath.Frame) throws {
        let preprocessor = try FramePreprocessor(inputWidth: 64, inputHeight: 64, quantization: ReferencePath.table)
        var input = [Int8](repeating: 0, count: preprocessor.inputCount)
        _ = try preprocessor.preprocess(frame.info, frame.bytes.span.bytes, into: &input)
    }

    static func render(_ frame: ReferencePath.Frame) throws {
        var image = RGBImage()
        try SourceFrameRenderer().render(frame.info, frame.bytes.span.bytes, into: &image)
    }

    /// Both the preprocessor and the renderer refuse the frame with `error`.
    static func expectRefused(
        _ frame: ReferencePath.Frame, _ error: PreprocessError, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(throws: error, sourceLocation: sourceLocation) { try preprocess(frame) }
        #expect(throws: error, sourceLocation: sourceLocation) { try render(frame) }
    }

    /// A frame of 10x4 pixels, rows 16 bytes apart (luma bytes 0..<58), 400 bytes long.
    static func frame(_ format: PixelFormat, _ chroma: ChromaPlanes) -> ReferencePath.Frame {
        var info = ReferencePath.info(format, 10, 4, bytesPerLine: 16)
        info.chroma = chroma
        return ReferencePath.Frame(info: info, bytes: [UInt8](repeating: 128, count: 400))
    }

    @Test(arguments: [
        ChromaPlanes(offset: 57, bytesPerLine: 10),  // one byte into the last luma row's pixels
        ChromaPlanes(offset: 0, bytesPerLine: 16),  // the luma plane itself
        ChromaPlanes(offset: 20, bytesPerLine: 16),  // its second row
        ChromaPlanes(offset: -16, bytesPerLine: 16),  // before the frame
        ChromaPlanes(offset: 64, bytesPerLine: 9),  // 5 pairs need 10 bytes a row
        ChromaPlanes(offset: 64, bytesPerLine: 0),
        ChromaPlanes(offset: 200, bytesPerLine: -10),
    ])
    func nv12PlacementsThatCannotBeRead(_ chroma: ChromaPlanes) {
        Self.expectRefused(Self.frame(.nv12, chroma), .invalidChromaPlanes(format: .nv12))
    }

    @Test(arguments: [
        ChromaPlanes(offset: 57, secondOffset: 100, bytesPerLine: 5),  // U over the luma
        ChromaPlanes(offset: 64, secondOffset: 0, bytesPerLine: 5),  // V over the luma
        ChromaPlanes(offset: 64, secondOffset: 30, bytesPerLine: 5),
        ChromaPlanes(offset: -1, secondOffset: 100, bytesPerLine: 5),
        ChromaPlanes(offset: 64, secondOffset: 100, bytesPerLine: 4),  // 5 samples need 5 bytes a row
        ChromaPlanes(offset: 64, secondOffset: 100, bytesPerLine: 0),
        // No placement: the default's second offset of 0 is the luma plane.
        ChromaPlanes(offset: 64, bytesPerLine: 5),
    ])
    func i420PlacementsThatCannotBeRead(_ chroma: ChromaPlanes) {
        Self.expectRefused(Self.frame(.i420, chroma), .invalidChromaPlanes(format: .i420))
    }

    /// The frame must hold the last chroma row's samples (not its stride padding): one byte
    /// less is refused, naming what is needed.
    @Test func placedFramesMustHoldEveryPlane() throws {
        let nv12 = Self.placements[3].nv12
        var frame = SyntheticFrames.nv12(width: 33, height: 17, layout: nv12)
        let needed = nv12.chromaOffset + 8 * nv12.chromaStride + 34
        frame.bytes = Array(frame.bytes.prefix(needed))
        try Self.preprocess(frame)
        try Self.render(frame)
        frame.bytes.removeLast()
        Self.expectRefused(frame, .frameTooShort(format: .nv12, byteCount: needed - 1, needed: needed))

        // I420 is as long as its later plane needs, whichever of U and V that is.
        for vFirst in [false, true] {
            var placement = Self.placements[3]
            placement.vFirst = vFirst
            let i420 = placement.i420
            var frame = SyntheticFrames.i420(width: 33, height: 17, layout: i420)
            let needed = max(i420.chromaOffset, i420.secondOffset) + 8 * i420.chromaStride + 17
            frame.bytes = Array(frame.bytes.prefix(needed))
            try Self.preprocess(frame)
            try Self.render(frame)
            frame.bytes.removeLast()
            Self.expectRefused(frame, .frameTooShort(format: .i420, byteCount: needed - 1, needed: needed))
        }
    }

    /// V4L2's YU12 layout: the luma plane and two chroma planes of half the stride, packed.
    @Test func packedI420MustHoldBothChromaPlanes() throws {
        let frame = SyntheticFrames.i420(width: 16, height: 8, extra: 4)
        // 20 * 8 luma, then 4 rows of 10 for U and for V; the last V row's 8 samples end at 238.
        #expect(frame.bytes.count == 160 + 80)
        var exact = frame
        exact.bytes.removeLast(2)
        try Self.preprocess(exact)
        try Self.render(exact)
        exact.bytes.removeLast()
        Self.expectRefused(exact, .frameTooShort(format: .i420, byteCount: 237, needed: 238))
        Self.expectRefused(
            ReferencePath.Frame(info: frame.info, bytes: Array(frame.bytes.prefix(160))),
            .frameTooShort(format: .i420, byteCount: 160, needed: 238))
    }

    /// Chroma placement does not excuse luma rows narrower than the picture.
    @Test func lumaStrideIsStillChecked() {
        var frame = Self.frame(.i420, ChromaPlanes(offset: 64, secondOffset: 100, bytesPerLine: 5))
        frame.info.bytesPerLine = 9
        Self.expectRefused(frame, .invalidRowStride(format: .i420, width: 10, bytesPerLine: 9, needed: 10))
    }
}
