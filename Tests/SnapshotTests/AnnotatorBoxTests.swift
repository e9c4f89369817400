import Capture
import Detect
import Testing

@testable import Snapshot

/// Boxes are outlined inside their edges, in their class's colour, and clipped to the picture.
@Suite struct AnnotatorBoxTests {
    let annotator = Annotator(classNames: TestPictures.classNames)
    let grey = TestPictures.background

    @Test func aBoxIsOutlinedTwoPixelsWideOnItsEdges() throws {
        var image = try TestPictures.plain(width: 200, height: 150)
        annotator.draw([TestPictures.detection(0, 40, 50, 120, 110)], on: &image)
        let red = ClassPalette.color(ofClass: 0)
        #expect(red == RGBColor(hex: 0xFF3838))
        // Columns 40...119 and rows 50...109.
        TestPictures.expect(image, [(40, 80), (41, 80), (118, 80), (119, 80), (80, 50), (80, 51), (80, 108), (80, 109)], are: red)
        TestPictures.expect(image, [(39, 80), (42, 80), (117, 80), (120, 80), (80, 52), (80, 107), (80, 110), (80, 80)], are: grey)
    }

    @Test func eachClassHasItsPaletteColour() throws {
        var image = try TestPictures.plain(width: 200, height: 150)
        annotator.draw(
            [TestPictures.detection(1, 20, 20, 60, 140), TestPictures.detection(22, 100, 20, 160, 140)], on: &image)
        TestPictures.expect(image, [(20, 80)], are: ClassPalette.colors[1])
        // Ids past the palette's twenty wrap around.
        TestPictures.expect(image, [(100, 80)], are: ClassPalette.colors[2])
    }

    @Test func boxesLeavingThePictureAreClipped() throws {
        var image = try TestPictures.plain(width: 200, height: 150)
        annotator.draw([TestPictures.detection(2, -30, -20, 60, 50, score: 0.5)], on: &image)
        let orange = ClassPalette.color(ofClass: 2)
        // The left and top edges lie outside; the right (columns 58, 59) and bottom (rows 48,
        // 49) are drawn where they are inside.
        TestPictures.expect(image, [(58, 30), (59, 30), (58, 0), (30, 48), (30, 49), (0, 49)], are: orange)
        TestPictures.expect(image, [(0, 30), (1, 30), (30, 30), (57, 30), (60, 30), (30, 47), (30, 50)], are: grey)
        // The label moves into the picture, at its top-left corner.
        TestPictures.expect(image, [(0, 0)], are: orange)
    }

    @Test func boxesOutsideThePictureOrNotNumbersDrawNothing() throws {
        let untouched = try TestPictures.plain(width: 64, height: 48)
        var image = untouched
        annotator.draw(
            [
                TestPictures.detection(0, 100, 100, 200, 200), TestPictures.detection(0, -90, 10, -10, 40),
                TestPictures.detection(0, .nan, 10, 20, 30), TestPictures.detection(0, 10, 10, .infinity, .nan),
            ], on: &image)
        #expect(image == untouched)
    }

    @Test func aHugeBoxLeavesOnlyItsLabelInside() throws {
        var image = try TestPictures.plain(width: 64, height: 48)
        annotator.draw([TestPictures.detection(0, -1e30, -1e30, 1e30, 1e30)], on: &image)
        TestPictures.expect(image, [(32, 30), (63, 47), (0, 47), (63, 20)], are: grey)
        TestPictures.expect(image, [(0, 0)], are: ClassPalette.color(ofClass: 0))
    }

    @Test func strokesAreThreePixelsOnLargeFrames() throws {
        var image = try TestPictures.plain(width: 1920, height: 1080)
        annotator.draw([TestPictures.detection(0, 100, 100, 300, 300)], on: &image)
        TestPictures.expect(image, [(100, 200), (101, 200), (102, 200), (299, 200), (297, 200)], are: ClassPalette.color(ofClass: 0))
        TestPictures.expect(image, [(103, 200), (296, 200)], are: grey)
    }
}
