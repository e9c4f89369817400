import Capture
import Detect
import Testing
import Track

@testable import Snapshot

@Suite struct SnapshotMakerTests {
    /// A 320×240 YUYV frame of mid grey.
    static func greyFrame(sequence: UInt32 = 1) -> SourceFrame {
        let bytes = [UInt8]((0..<(320 * 240)).flatMap { _ in [126 as UInt8, 128] })
        var frame = SourceFrame()
        frame.copy(
            FrameInfo(format: .yuyv, width: 320, height: 240, bytesPerLine: 640, sequence: sequence, timestamp: .zero),
            bytes.span.bytes)
        return frame
    }

    @Test func aSnapshotIsTheFrameAtItsSizeWithItsBoxesDrawn() throws {
        let maker = try SnapshotMaker(annotator: Annotator(classNames: TestPictures.classNames))
        let jpeg = try maker.jpeg(of: Self.greyFrame(), detections: [TestPictures.detection(5, 60, 80, 200, 220, trackID: 4)])
        var picture = RGBImage()
        try JPEGDecoder().decode(Array(jpeg), into: &picture)
        #expect(picture.width == 320 && picture.height == 240)
        let green = ClassPalette.color(ofClass: 5)
        // The box's left edge (columns 60, 61) in its colour, the frame around it grey.
        #expect(TestPictures.isClose(picture.pixel(x: 60, y: 150), to: green, tolerance: 40), "\(picture.pixel(x: 60, y: 150))")
        #expect(TestPictures.isClose(picture.pixel(x: 130, y: 150), to: RGBColor(red: 128, green: 128, blue: 128), tolerance: 8))
    }

    @Test func picturesAlreadyInRGBAreDrawnOnInPlace() throws {
        let maker = try SnapshotMaker(annotator: Annotator(classNames: TestPictures.classNames), quality: 95)
        var image = try TestPictures.plain(width: 100, height: 80)
        let jpeg = try maker.jpeg(annotating: &image, detections: [TestPictures.detection(0, 10, 20, 90, 70)])
        #expect(image.pixel(x: 10, y: 40) == ClassPalette.color(ofClass: 0))
        var decoded = RGBImage()
        try JPEGDecoder().decode(Array(jpeg), into: &decoded)
        #expect(decoded.width == 100 && decoded.height == 80)
    }

    @Test func framesThatCannotBeRenderedAreReported() throws {
        let maker = try SnapshotMaker(annotator: Annotator(classNames: []))
        #expect(throws: SnapshotError.frame(.invalidFrameSize(width: 0, height: 0))) {
            try maker.jpeg(of: SourceFrame(), detections: [])
        }
    }
}
