import Detect
import Testing
@testable import Track

@Suite struct ZoneMonitorTests {
    static let leftHalf = rectangle(0, 0, 0.5, 1)

    /// An anchor alternating across the boundary every frame never completes a run, so it neither
    /// enters nor, once in, leaves; a clean run of enterFrames (or leaveFrames) frames does.
    @Test func jitterOnTheBoundaryDoesNotFlap() {
        var script = MonitorScript(zones: [
            ZoneDefinition(name: "left", polygon: Self.leftHalf, anchor: .center, enterFrames: 3, leaveFrames: 3)
        ])
        let jitter = (0..<20).map { [tracked(1, $0.isMultiple(of: 2) ? 0.49 : 0.51, 0.5)] }
        let inside = Array(repeating: [tracked(1, 0.4, 0.5)], count: 3)
        let outside = Array(repeating: [tracked(1, 0.6, 0.5)], count: 3)
        // The second jitter ends with a frame outside (43), which begins the run of three.
        #expect(script.run(frames: jitter + inside + jitter + outside) == ["23: enter 0 #1", "45: leave 0 #1"])
    }

    /// Absent frames count as outside: a track lost inside leaves leaveFrames frames later, and
    /// the leave carries its last detection.
    @Test func aTrackLostInsideLeavesAfterTheLeaveDelay() {
        var script = MonitorScript(zones: [
            ZoneDefinition(name: "left", polygon: Self.leftHalf, anchor: .center, enterFrames: 2, leaveFrames: 4)
        ])
        #expect(script.run([tracked(1, 0.2, 0.5, classID: 2)]) == [])
        #expect(script.run([tracked(1, 0.2, 0.5, classID: 2)]) == ["enter 0 #1"])
        let last = tracked(1, 0.25, 0.5, classID: 2, score: 0.7)
        #expect(script.run([last]) == [])
        #expect(script.monitor.occupancy(zone: 0, classID: 2) == 1)
        for _ in 0..<3 {
            #expect(script.run([]) == [])
        }
        #expect(script.events([]) == [
            ZoneEvent(kind: .leave, index: 0, trackID: 1, classID: 2, score: 0.7, box: last.box)
        ])
        #expect(script.monitor.occupancy(zone: 0, classID: 2) == 0)
    }

    /// A U-shaped zone: its notch is outside, its arms and base inside.
    @Test func aConcaveZone() {
        let u = [
            point(0.1, 0.1), point(0.3, 0.1), point(0.3, 0.7), point(0.7, 0.7), point(0.7, 0.1), point(0.9, 0.1),
            point(0.9, 0.9), point(0.1, 0.9),
        ]
        var script = MonitorScript(zones: [ZoneDefinition(name: "u", polygon: u, anchor: .center, enterFrames: 1)])
        #expect(script.run([tracked(1, 0.5, 0.4), tracked(2, 0.2, 0.4), tracked(3, 0.5, 0.8), tracked(4, 0.8, 0.3)])
            == ["enter 0 #2", "enter 0 #3", "enter 0 #4"])
        #expect(script.monitor.occupancy(zone: 0, classID: 0) == 3)
    }

    /// A zone counts only its classes at or above its score; a low score counts as outside.
    @Test func classAndScoreFilters() {
        var script = MonitorScript(zones: [
            ZoneDefinition(
                name: "cars", polygon: Self.leftHalf, classIDs: [0, 2], minimumScore: 0.5, anchor: .center,
                enterFrames: 1, leaveFrames: 1),
            ZoneDefinition(name: "all", polygon: Self.leftHalf, anchor: .center, enterFrames: 1, leaveFrames: 1),
        ])
        #expect(script.run([tracked(1, 0.2, 0.5, classID: 1), tracked(2, 0.3, 0.5, score: 0.4)])
            == ["enter 1 #1", "enter 1 #2"])
        #expect(script.run([
            tracked(1, 0.2, 0.5, classID: 1), tracked(2, 0.3, 0.5, score: 0.6), tracked(3, 0.1, 0.5, classID: 2),
        ]) == ["enter 0 #2", "enter 0 #3", "enter 1 #3"])
        #expect(script.monitor.occupancy(zone: 0, classID: 0) == 1)
        #expect(script.monitor.occupancy(zone: 0, classID: 1) == 0)
        #expect(script.monitor.occupancy(zone: 0, classID: 2) == 1)
        #expect(script.monitor.occupancy(zone: 1, classID: 0) == 1)
        #expect(script.monitor.occupancy(zone: 1, classID: 1) == 1)
        #expect(script.monitor.occupancy(zone: 1, classID: 2) == 1)
        #expect(script.monitor.occupancy(zone: 1, classID: 99) == 0)
        #expect(script.run([
            tracked(1, 0.2, 0.5, classID: 1), tracked(2, 0.3, 0.5, score: 0.4), tracked(3, 0.1, 0.5, classID: 2),
        ]) == ["leave 0 #2"])
        #expect(script.monitor.occupancy(zone: 0, classID: 0) == 0)
    }

    /// Tentative tracks and detections without a track are not counted.
    @Test func onlyConfirmedTracksCount() {
        var script = MonitorScript(zones: [
            ZoneDefinition(name: "left", polygon: Self.leftHalf, anchor: .center, enterFrames: 1)
        ])
        var untracked = tracked(9, 0.2, 0.5)
        untracked.trackID = nil
        #expect(script.run([tracked(1, 0.2, 0.5), tracked(2, 0.3, 0.5), untracked], confirmed: { $0 == 2 })
            == ["enter 0 #2"])
        #expect(script.run([tracked(1, 0.2, 0.5), tracked(2, 0.3, 0.5)]) == ["enter 0 #1"])
    }

    /// Events come by track ID, then zone, whatever the detections' order.
    @Test func eventsComeInTrackOrder() {
        var script = MonitorScript(zones: [
            ZoneDefinition(name: "a", polygon: Self.leftHalf, anchor: .center, enterFrames: 1),
            ZoneDefinition(name: "b", polygon: rectangle(0, 0, 1, 0.5), anchor: .center, enterFrames: 1),
        ])
        #expect(script.run([tracked(7, 0.2, 0.2), tracked(3, 0.2, 0.7), tracked(5, 0.7, 0.2)])
            == ["enter 0 #3", "enter 1 #5", "enter 0 #7", "enter 1 #7"])
    }

    /// With every slot taken by a present track, or one inside a zone, a new track waits; a slot
    /// is taken back once its track is gone and has left every zone.
    @Test func aFullMonitorTakesBackTheSlotOfATrackThatLeft() {
        var script = MonitorScript(
            zones: [ZoneDefinition(name: "left", polygon: Self.leftHalf, anchor: .center, enterFrames: 1, leaveFrames: 2)],
            maxTracks: 1)
        #expect(script.run([tracked(1, 0.2, 0.5), tracked(2, 0.3, 0.5)]) == ["enter 0 #1"])
        #expect(script.run([tracked(2, 0.3, 0.5)]) == [])
        #expect(script.run([tracked(2, 0.3, 0.5)]) == ["leave 0 #1"])
        #expect(script.run([tracked(2, 0.3, 0.5)]) == ["enter 0 #2"])
        #expect(script.monitor.occupancy(zone: 0, classID: 0) == 1)
    }

    @Test func resetForgetsTracksAndCounts() {
        var script = MonitorScript(
            zones: [ZoneDefinition(name: "left", polygon: Self.leftHalf, anchor: .center, enterFrames: 1)],
            lines: [LineDefinition(name: "middle", start: point(0.5, 0), end: point(0.5, 1), anchor: .center)])
        #expect(script.run([tracked(1, 0.6, 0.5)]) == [])
        #expect(script.run([tracked(1, 0.4, 0.5)]) == ["enter 0 #1", "cross 0 in #1"])
        script.monitor.reset()
        #expect(script.monitor.occupancy(zone: 0, classID: 0) == 0)
        #expect(script.monitor.crossings(line: 0) == (0, 0))
        #expect(script.run([tracked(1, 0.4, 0.5)]) == ["enter 0 #1"])
    }

    @Test func maxEventsPerFrameBoundsEveryTrackAtEveryZoneAndLine() {
        let monitor = ZoneMonitor(
            zones: [ZoneDefinition(name: "a", polygon: Self.leftHalf)],
            lines: [
                LineDefinition(name: "b", start: point(0, 0), end: point(1, 1)),
                LineDefinition(name: "c", start: point(0, 1), end: point(1, 0)),
            ],
            classCount: 80, maxTracks: 100, maxDetections: 30)
        #expect(monitor.maxEventsPerFrame == 100 + 30 * 2)
    }
}
