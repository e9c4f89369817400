import Testing
@testable import Track

@Suite struct LineCrossingTests {
    /// Looking from its start at the top to its end at the bottom, the line's left-hand side is
    /// the frame's right: moving leftward crosses `in`.
    static let downward = LineDefinition(name: "door", start: point(0.5, 0), end: point(0.5, 1), anchor: .center)

    @Test func aLineCrossedBackAndForthCountsEachCrossing() {
        var script = MonitorScript(lines: [Self.downward])
        let path = [0.7, 0.6, 0.4, 0.45, 0.6, 0.3, 0.2]
        #expect(script.run(frames: path.map { [tracked(1, $0, 0.5)] }) == [
            "3: cross 0 in #1", "5: cross 0 out #1", "6: cross 0 in #1",
        ])
        #expect(script.monitor.crossings(line: 0) == (2, 1))
    }

    /// Within the dead band (a tenth of the box's smaller side, here 4 px) the side does not
    /// change, so a track standing on the line counts nothing, however long it stays.
    @Test func jitterOnTheLineDoesNotCount() {
        var script = MonitorScript(lines: [Self.downward])
        let jitter = (0..<20).map { [tracked(1, $0.isMultiple(of: 2) ? 0.503 : 0.497, 0.5)] }
        let frames = [[tracked(1, 0.45, 0.5)]] + jitter + [[tracked(1, 0.45, 0.5)]] + jitter + [[tracked(1, 0.55, 0.5)]]
        #expect(script.run(frames: frames) == ["43: cross 0 out #1"])
    }

    /// Only a path through the segment itself counts; passing beyond its end does not.
    @Test func passingBesideTheSegmentDoesNotCount() {
        var script = MonitorScript(lines: [
            LineDefinition(name: "short", start: point(0.5, 0), end: point(0.5, 0.4), anchor: .center)
        ])
        #expect(script.run([tracked(1, 0.6, 0.8), tracked(2, 0.6, 0.2)]) == [])
        #expect(script.run([tracked(1, 0.4, 0.8), tracked(2, 0.4, 0.2)]) == ["cross 0 in #2"])
    }

    /// Two tracks cross at once, opposite ways; events come in track order.
    @Test func twoObjectsCrossingAtOnce() {
        // Looking from left to right, the left-hand side is the top: moving down is `in`.
        var script = MonitorScript(lines: [
            LineDefinition(name: "road", start: point(0, 0.5), end: point(1, 0.5), anchor: .center)
        ])
        #expect(script.run([tracked(2, 0.3, 0.6), tracked(1, 0.32, 0.4)]) == [])
        #expect(script.run([tracked(2, 0.3, 0.4), tracked(1, 0.32, 0.6)]) == ["cross 0 in #1", "cross 0 out #2"])
        #expect(script.monitor.crossings(line: 0) == (1, 1))
    }

    /// A crossing made while the track was missing counts when it is seen again on the other side.
    @Test func aCrossingWhileUnseenCounts() {
        var script = MonitorScript(lines: [Self.downward])
        #expect(script.run(frames: [[tracked(1, 0.7, 0.5)], [], [], [tracked(1, 0.3, 0.5)]]) == ["4: cross 0 in #1"])
    }

    /// A line counts only its classes, at or above its score.
    @Test func classAndScoreFilters() {
        var script = MonitorScript(lines: [
            LineDefinition(
                name: "bikes", start: point(0.5, 0), end: point(0.5, 1), classIDs: [1], minimumScore: 0.5,
                anchor: .center)
        ])
        #expect(script.run([tracked(1, 0.6, 0.5), tracked(2, 0.6, 0.2, classID: 1), tracked(3, 0.6, 0.8, classID: 1)]) == [])
        #expect(script.run([
            tracked(1, 0.4, 0.5), tracked(2, 0.4, 0.2, classID: 1), tracked(3, 0.4, 0.8, classID: 1, score: 0.3),
        ]) == ["cross 0 in #2"])
        // Track 3's low-score frame did not count: its side is still the first one.
        #expect(script.run([tracked(3, 0.3, 0.8, classID: 1)]) == ["cross 0 in #3"])
        #expect(script.monitor.crossings(line: 0) == (2, 0))
    }

    /// The bottom-centre anchor (the default) is where the box meets the ground.
    @Test func theDefaultAnchorIsTheBottomCentre() {
        var script = MonitorScript(lines: [
            LineDefinition(name: "kerb", start: point(0, 0.5), end: point(1, 0.5))
        ])
        // Boxes 40 px high: the bottom is 0.02 below the centre.
        #expect(script.run([tracked(1, 0.5, 0.47)]) == [])
        #expect(script.run([tracked(1, 0.5, 0.478)]) == [])  // bottom 2 px above the line: in the band
        #expect(script.run([tracked(1, 0.5, 0.49)]) == ["cross 0 in #1"])  // the centre is still above
    }
}
