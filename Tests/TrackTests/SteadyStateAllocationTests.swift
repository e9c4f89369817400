import AllocationCounter
import Detect
import Testing
@testable import Track

/// The tracker and the zone monitor allocate nothing per frame once warm, with 50 objects that
/// move, hide, come and go, enter and leave zones and cross lines.
@Suite struct SteadyStateAllocationTests {
    @Test func trackingAndZonesAllocateNothingOnceWarm() {
        let objects = 50, width = 1280, height = 720
        let tracker = ObjectTracker(settings: TrackerSettings(), maxDetections: 100)
        let monitor = ZoneMonitor(
            zones: [
                ZoneDefinition(name: "left", polygon: rectangle(0, 0, 0.4, 1), enterFrames: 2, leaveFrames: 3),
                ZoneDefinition(
                    name: "u", polygon: [
                        point(0.5, 0.2), point(0.6, 0.2), point(0.6, 0.6), point(0.8, 0.6), point(0.8, 0.2),
                        point(0.9, 0.2), point(0.9, 0.9), point(0.5, 0.9),
                    ], classIDs: [0, 1], minimumScore: 0.3),
            ],
            lines: [
                LineDefinition(name: "middle", start: point(0.5, 0), end: point(0.5, 1)),
                LineDefinition(name: "diagonal", start: point(0, 0), end: point(1, 1), classIDs: [2]),
            ],
            classCount: 80, maxTracks: tracker.settings.maxTracks, maxDetections: 100)
        var detections: [Detection] = []
        detections.reserveCapacity(100)
        var events: [ZoneEvent] = []
        events.reserveCapacity(monitor.maxEventsPerFrame)
        var counts = (tracked: 0, events: 0)

        func frame(_ index: Int) {
            detections.removeAll(keepingCapacity: true)
            for object in 0..<objects {
                // Each object crosses the frame in 100 to 300 frames, then comes back as a new one
                // from the other side; one frame in 9 it is hidden, one in 5 it scores low.
                let period = 100 + (object * 37) % 200
                let phase = Float((index + object * 13) % period) / Float(period)
                let x = -60 + phase * Float(width + 120)
                let y = Float(60 + (object * 53) % (height - 120)) + 20 * Float((index + object) % 7) / 7
                guard (index + object) % 9 != 0 else { continue }
                let score: Float = (index + object) % 5 == 0 ? 0.15 : 0.8
                detections.append(detection(x, y, width: 40, height: 90, score: score, classID: object % 3))
            }
            tracker.update(&detections)
            events.removeAll(keepingCapacity: true)
            monitor.update(
                detections, width: width, height: height, isConfirmed: { tracker.isConfirmed($0) }, events: &events)
            counts.tracked += detections.count
            counts.events += events.count
        }

        // Warm past the first lost tracks' drop (lostFrames) and the first comebacks.
        for index in 0..<400 {
            frame(index)
        }
        counts = (0, 0)
        allocation_counter_thread_start()
        for index in 400..<700 {
            frame(index)
        }
        let allocations = allocation_counter_thread_stop()
        #expect(allocations == 0)
        // The frames did exercise the paths.
        #expect(counts.tracked > 300 * 40)
        #expect(counts.events > 300)
    }
}
