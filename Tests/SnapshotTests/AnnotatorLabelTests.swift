import Capture
import Detect
import Testing

@testable import Snapshot

/// Labels: `name #id 0.87` on the class colour, above the box, in the bitmap font.
@Suite struct AnnotatorLabelTests {
    let annotator = Annotator(classNames: TestPictures.classNames)
    let grey = TestPictures.background

    @Test func theLabelSpellsClassTrackAndScore() {
        func text(_ label: DetectionLabel) -> String { String(decoding: (0..<label.count).map { label[$0] }, as: UTF8.self) }
        let person = Array("person".utf8)
        #expect(text(DetectionLabel(name: person, classID: 0, trackID: 12, score: 0.87)) == "person #12 0.87")
        #expect(text(DetectionLabel(name: person, classID: 0, trackID: nil, score: 0.874)) == "person 0.87")
        #expect(text(DetectionLabel(name: person, classID: 0, trackID: 0, score: 1)) == "person #0 1.00")
        #expect(
            text(DetectionLabel(name: person, classID: 0, trackID: .max, score: 0.05))
                == "person #18446744073709551615 0.05")
        #expect(text(DetectionLabel(name: nil, classID: 85, trackID: 3, score: .nan)) == "class85 #3 0.00")
        #expect(text(DetectionLabel(name: [], classID: 1, trackID: nil, score: 2)) == " 1.00")
    }

    @Test func namesBecomePrintableASCII() {
        #expect(BitmapFont.characters(of: "café ~ok~") == Array("caf? ~ok~".utf8))
    }

    @Test func theLabelSitsAboveTheBoxWithTheFontsPixels() throws {
        var image = try TestPictures.plain(width: 200, height: 150)
        annotator.draw([TestPictures.detection(0, 40, 50, 120, 110)], on: &image)
        let red = ClassPalette.color(ofClass: 0)
        // "person 0.87": 11 characters of 6 pixels less the last gap, plus a pixel of padding
        // each side (columns 40...106), 7 rows plus padding (rows 41...49).
        TestPictures.expect(image, [(40, 41), (106, 41), (40, 49), (106, 49), (41, 42), (41, 43)], are: red)
        TestPictures.expect(image, [(107, 45), (40, 40), (80, 40)], are: grey)
        // 'p' at (41, 42): its first column is rows 2...6 of the glyph, in white on red.
        TestPictures.expect(image, [(41, 44), (41, 45), (41, 46), (41, 47), (41, 48), (42, 44), (42, 46)], are: .white)
        TestPictures.expect(image, [(42, 45), (42, 47)], are: red)
    }

    @Test func aTrackIDWidensTheLabel() throws {
        var untracked = try TestPictures.plain(width: 200, height: 150)
        annotator.draw([TestPictures.detection(0, 40, 50, 120, 110)], on: &untracked)
        var tracked = try TestPictures.plain(width: 200, height: 150)
        annotator.draw([TestPictures.detection(0, 40, 50, 120, 110, trackID: 12)], on: &tracked)
        // " #12" adds 4 characters: the background reaches column 130.
        #expect(untracked.pixel(x: 120, y: 41) == grey)
        #expect(tracked.pixel(x: 130, y: 41) == ClassPalette.color(ofClass: 0))
        #expect(tracked.pixel(x: 131, y: 41) == grey)
    }

    @Test func withoutRoomAboveTheLabelGoesInsideTheBox() throws {
        var image = try TestPictures.plain(width: 200, height: 150)
        annotator.draw([TestPictures.detection(0, 40, 5, 120, 110)], on: &image)
        // Rows 5...13 inside the box's top, which is row 5.
        TestPictures.expect(image, [(100, 5), (100, 13)], are: ClassPalette.color(ofClass: 0))
        TestPictures.expect(image, [(100, 4)], are: grey)
    }

    @Test func labelsStayInsideThePictureAtTheRightEdge() throws {
        var image = try TestPictures.plain(width: 200, height: 150)
        annotator.draw([TestPictures.detection(0, 180, 50, 200, 110)], on: &image)
        // 67 pixels wide, moved left to end at the last column.
        TestPictures.expect(image, [(133, 45), (199, 45)], are: ClassPalette.color(ofClass: 0))
        TestPictures.expect(image, [(132, 45)], are: grey)
    }

    @Test func textGrowsOnLargeFrames() throws {
        var image = try TestPictures.plain(width: 1920, height: 1080)
        annotator.draw([TestPictures.detection(0, 100, 100, 300, 300)], on: &image)
        // Scale 2: the label is 7 * 2 + 2 * 2 = 18 rows high, above row 100 (rows 82...99), its
        // text at (102, 84). The first column of 'p' is glyph rows 2...6: pixel rows 88...97,
        // two columns wide; its second column has glyph rows 2 and 4 (pixel rows 88, 89, 92, 93).
        TestPictures.expect(image, [(102, 88), (103, 89), (102, 97), (104, 88), (105, 93)], are: .white)
        TestPictures.expect(image, [(102, 87), (102, 98), (104, 90), (104, 91)], are: ClassPalette.color(ofClass: 0))
        TestPictures.expect(image, [(102, 81)], are: grey)
    }
}
