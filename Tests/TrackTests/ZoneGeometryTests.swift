import Testing
@testable import Track

@Suite struct ZoneGeometryTests {
    @Test func aValidPolygonHasNoProblem() {
        #expect(ZoneGeometry.polygonProblem([point(0, 0), point(1, 0), point(0.5, 1)]) == nil)
        #expect(ZoneGeometry.polygonProblem(rectangle(0.1, 0.1, 0.9, 0.9)) == nil)
        // A point in the middle of an edge is fine.
        #expect(ZoneGeometry.polygonProblem([point(0.1, 0.1), point(0.5, 0.1), point(0.9, 0.1), point(0.9, 0.9)]) == nil)
        // Concave.
        #expect(ZoneGeometry.polygonProblem([
            point(0.1, 0.1), point(0.3, 0.1), point(0.3, 0.7), point(0.7, 0.7), point(0.7, 0.1), point(0.9, 0.1),
            point(0.9, 0.9), point(0.1, 0.9),
        ]) == nil)
    }

    @Test func tooFewPoints() {
        #expect(ZoneGeometry.polygonProblem([]) == "has 0 points; a zone needs at least 3")
        #expect(ZoneGeometry.polygonProblem([point(0.1, 0.1)]) == "has 1 point; a zone needs at least 3")
        #expect(ZoneGeometry.polygonProblem([point(0.1, 0.1), point(0.2, 0.2)]) == "has 2 points; a zone needs at least 3")
    }

    @Test func aPointOutsideTheFrame() {
        #expect(ZoneGeometry.polygonProblem([point(0.1, 0.1), point(1.2, 0.1), point(0.5, 0.9)])
            == "the point [1.2, 0.1] is outside the frame: x and y must be from 0 to 1")
        #expect(ZoneGeometry.polygonProblem([point(0.1, 0.1), point(0.9, -0.1), point(0.5, .nan)])
            == "the point [0.9, -0.1] is outside the frame: x and y must be from 0 to 1")
    }

    @Test func aRepeatedPoint() {
        #expect(ZoneGeometry.polygonProblem([point(0.1, 0.1), point(0.5, 0.1), point(0.5, 0.1), point(0.5, 0.9)])
            == "has the point [0.5, 0.1] twice in a row")
        #expect(ZoneGeometry.polygonProblem([point(0.1, 0.1), point(0.5, 0.1), point(0.5, 0.9), point(0.1, 0.1)])
            == "ends with its first point [0.1, 0.1] again; the polygon closes by itself")
    }

    @Test func pointsOnOneLine() {
        #expect(ZoneGeometry.polygonProblem([point(0.1, 0.1), point(0.5, 0.5), point(0.9, 0.9)])
            == "has no area: its points lie on one line")
        #expect(ZoneGeometry.polygonProblem([point(0.1, 0.5), point(0.9, 0.5), point(0.3, 0.5), point(0.6, 0.5)])
            == "has no area: its points lie on one line")
    }

    @Test func aBowTieCrossesItself() {
        #expect(ZoneGeometry.polygonProblem([point(0.1, 0.1), point(0.9, 0.9), point(0.9, 0.1), point(0.1, 0.9)])
            == "crosses itself: the edge [0.1, 0.1]–[0.9, 0.9] meets the edge [0.9, 0.1]–[0.1, 0.9]")
    }

    @Test func aCornerOnAnotherEdge() {
        #expect(ZoneGeometry.polygonProblem([
            point(0.1, 0.1), point(0.9, 0.1), point(0.5, 0.9), point(0.5, 0.1), point(0.2, 0.5),
        ]) == "crosses itself: the edge [0.1, 0.1]–[0.9, 0.1] meets the edge [0.5, 0.9]–[0.5, 0.1]")
    }

    @Test func aSpikeFoldsBack() {
        #expect(ZoneGeometry.polygonProblem([
            point(0.1, 0.1), point(0.6, 0.1), point(0.6, 0.6), point(0.6, 0.4), point(0.1, 0.6),
        ]) == "folds back on itself at [0.6, 0.6]")
    }

    @Test func lineProblems() {
        #expect(ZoneGeometry.lineProblem(start: point(0, 0.5), end: point(1, 0.5)) == nil)
        #expect(ZoneGeometry.lineProblem(start: point(-0.1, 0.5), end: point(1, 0.5))
            == "the start [-0.1, 0.5] is outside the frame: x and y must be from 0 to 1")
        #expect(ZoneGeometry.lineProblem(start: point(0, 0.5), end: point(1, 1.5))
            == "the end [1.0, 1.5] is outside the frame: x and y must be from 0 to 1")
        #expect(ZoneGeometry.lineProblem(start: point(0.3, 0.5), end: point(0.3, 0.5))
            == "start and end are the same point [0.3, 0.5]; a line needs a length")
    }

    @Test func containsConcavePolygons() {
        let u = [
            point(0.1, 0.1), point(0.3, 0.1), point(0.3, 0.7), point(0.7, 0.7), point(0.7, 0.1), point(0.9, 0.1),
            point(0.9, 0.9), point(0.1, 0.9),
        ]
        #expect(ZoneGeometry.contains(u, point(0.2, 0.5)))
        #expect(ZoneGeometry.contains(u, point(0.8, 0.5)))
        #expect(ZoneGeometry.contains(u, point(0.5, 0.8)))
        #expect(!ZoneGeometry.contains(u, point(0.5, 0.5)))
        #expect(!ZoneGeometry.contains(u, point(0.05, 0.5)))
        #expect(!ZoneGeometry.contains(u, point(0.5, 0.95)))
        #expect(!ZoneGeometry.contains([point(0, 0), point(1, 1)], point(0.5, 0.5)))
    }

    @Test func segmentsIntersect() {
        let segment = LineSegment(start: point(0, 0), end: point(1, 1))
        #expect(segment.intersects(LineSegment(start: point(0, 1), end: point(1, 0))))
        #expect(segment.intersects(LineSegment(start: point(1, 1), end: point(2, 0))))  // touching ends
        #expect(segment.intersects(LineSegment(start: point(0.5, 0.5), end: point(2, 2))))  // overlapping
        #expect(!segment.intersects(LineSegment(start: point(2, 2), end: point(3, 3))))  // same line, apart
        #expect(!segment.intersects(LineSegment(start: point(0, 0.5), end: point(0.4, 1))))
    }
}
