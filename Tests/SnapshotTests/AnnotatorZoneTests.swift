import Capture
import Testing
import Track

@testable import Snapshot

/// Zones are outlined with their names; lines carry their name and an arrow to their `in` side.
@Suite struct AnnotatorZoneTests {
    let grey = TestPictures.background

    static func square(_ name: String, from low: Double, to high: Double) -> ZoneDefinition {
        ZoneDefinition(
            name: name,
            polygon: [
                NormalizedPoint(x: low, y: low), NormalizedPoint(x: high, y: low), NormalizedPoint(x: high, y: high),
                NormalizedPoint(x: low, y: high),
            ])
    }

    static func line(_ name: String, from start: (Double, Double), to end: (Double, Double)) -> LineDefinition {
        LineDefinition(name: name, start: NormalizedPoint(x: start.0, y: start.1), end: NormalizedPoint(x: end.0, y: end.1))
    }

    @Test func aZoneIsOutlinedWithItsNameAtItsFirstCorner() throws {
        // 201×101: 0.1 and 0.9 fall on columns 20 and 180, rows 10 and 90.
        var image = try TestPictures.plain(width: 201, height: 101)
        Annotator(classNames: [], zones: [Self.square("door", from: 0.1, to: 0.9)]).draw([], on: &image)
        let yellow = ClassPalette.zone
        TestPictures.expect(image, [(100, 9), (100, 10), (19, 50), (20, 50), (179, 50), (180, 50), (100, 89), (100, 90)], are: yellow)
        TestPictures.expect(image, [(100, 8), (100, 11), (18, 50), (21, 50), (100, 50), (181, 50), (100, 91)], are: grey)
        // "door" on yellow from (20, 10): 'd' begins at (21, 11) with glyph rows 3...5, in black.
        TestPictures.expect(image, [(21, 14), (21, 15), (21, 16)], are: .black)
        TestPictures.expect(image, [(21, 11), (44, 18)], are: yellow)
        TestPictures.expect(image, [(45, 15)], are: grey)
    }

    @Test func aLinePointsItsArrowToTheRightHandSide() throws {
        // From (40, 50) to (160, 50): looking along it, the right-hand side is down.
        var image = try TestPictures.plain(width: 201, height: 101)
        Annotator(classNames: [], lines: [Self.line("gate", from: (0.2, 0.5), to: (0.8, 0.5))]).draw([], on: &image)
        let magenta = ClassPalette.line
        TestPictures.expect(image, [(60, 49), (60, 50), (100, 60), (100, 65)], are: magenta)
        TestPictures.expect(image, [(80, 48), (80, 51), (100, 40), (170, 50)], are: grey)
        // Its name on magenta at its start, in white.
        TestPictures.expect(image, [(40, 58), (64, 58)], are: magenta)

        var reversed = try TestPictures.plain(width: 201, height: 101)
        Annotator(classNames: [], lines: [Self.line("gate", from: (0.8, 0.5), to: (0.2, 0.5))]).draw([], on: &reversed)
        TestPictures.expect(reversed, [(100, 40), (100, 35)], are: magenta)
        TestPictures.expect(reversed, [(100, 60)], are: grey)
    }

    @Test func theArrowHasBarbs() throws {
        var image = try TestPictures.plain(width: 201, height: 101)
        Annotator(classNames: [], lines: [Self.line("", from: (0.2, 0.5), to: (0.8, 0.5))]).draw([], on: &image)
        // The tip at (100, 66); barbs run back up-left and up-right, a third of 16 long.
        let magenta = ClassPalette.line
        TestPictures.expect(image, [(100, 66), (98, 63), (102, 63)], are: magenta)
        TestPictures.expect(image, [(95, 66), (105, 66)], are: grey)
    }

    @Test func zonesAndLinesReachingOutsideAreClipped() throws {
        var image = try TestPictures.plain(width: 64, height: 48)
        let annotator = Annotator(
            classNames: [],
            zones: [Self.square("everywhere", from: -1, to: 2), Self.square("", from: 0, to: 1)],
            lines: [
                Self.line("far", from: (-100, 0.5), to: (100, 0.5)), Self.line("nan", from: (.nan, 0), to: (1, 1)),
            ])
        annotator.draw([], on: &image)
        // The whole-frame zone runs along the edge pixels (the labels of the lines sit at the
        // left edge, where their starts are moved to).
        TestPictures.expect(image, [(0, 44), (63, 30), (40, 47)], are: ClassPalette.zone)
        // The far line crosses the frame at row 23.5 (its arrow is at its middle, column 0).
        TestPictures.expect(image, [(40, 23), (40, 24)], are: ClassPalette.line)

        // Ends beyond any precision draw something or nothing, but never trap.
        Annotator(classNames: [], lines: [Self.line("absurd", from: (-1e300, 0), to: (1e300, 1))]).draw([], on: &image)
    }
}
