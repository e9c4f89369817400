import AllocationCounter
import Detect
import Track

/// `bench --tracking N`: what tracking and zones cost per frame, without a model. N synthetic
/// objects move over a 1280×720 frame through `ObjectTracker` and a `ZoneMonitor` with three
/// zones and two lines; only the two updates are timed.
struct TrackingBench {
    static let width = 1280
    static let height = 720

    let objects: Int

    func run(frames: Int, warmup: Int) -> TrackingBenchReport {
        let scene = SyntheticScene(objects: objects, width: Self.width, height: Self.height)
        let tracker = ObjectTracker(settings: TrackerSettings(), maxDetections: objects)
        let monitor = ZoneMonitor(
            zones: SyntheticScene.zones, lines: SyntheticScene.lines, classCount: SyntheticScene.classCount,
            maxTracks: tracker.settings.maxTracks, maxDetections: objects)
        var detections: [Detection] = []
        detections.reserveCapacity(objects)
        var events: [ZoneEvent] = []
        events.reserveCapacity(monitor.maxEventsPerFrame)
        var eventCount = 0

        let clock = ContinuousClock()
        var samples: [Double] = []
        samples.reserveCapacity(frames)
        for frame in 0..<warmup + frames {
            let timed = frame >= warmup
            if frame == warmup {
                allocation_counter_start()
            }
            scene.detections(frame: frame, into: &detections)
            events.removeAll(keepingCapacity: true)
            let start = clock.now
            tracker.update(&detections)
            monitor.update(
                detections, width: Self.width, height: Self.height, isConfirmed: { tracker.isConfirmed($0) },
                events: &events)
            let elapsed = start.duration(to: clock.now)
            if timed {
                samples.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15)
                eventCount += events.count
            }
        }
        let allocations = allocation_counter_stop()
        let summary = LatencySummary(milliseconds: samples)
        return TrackingBenchReport(
            medianUs: summary.median * 1e3, p90Us: summary.p90 * 1e3, minUs: summary.min * 1e3,
            allocationsPerFrame: Double(allocations) / Double(frames),
            eventsPerFrame: Double(eventCount) / Double(frames), objects: objects,
            zones: SyntheticScene.zones.count, lines: SyntheticScene.lines.count, frames: frames)
    }
}

/// What `bench --tracking N --json` prints.
struct TrackingBenchReport: Encodable {
    var medianUs: Double
    var p90Us: Double
    var minUs: Double
    var allocationsPerFrame: Double
    var eventsPerFrame: Double
    var objects: Int
    var zones: Int
    var lines: Int
    var frames: Int

    var text: String {
        """
        tracking  median \(format(medianUs)) µs, p90 \(format(p90Us)) µs, min \(format(minUs)) µs per frame \
        (\(objects) objects, \(zones) zones, \(lines) lines, \(frames) frames)
        events    \(format(eventsPerFrame)) per frame
        allocs    \(format(allocationsPerFrame)) per frame
        """
    }

    private func format(_ value: Double) -> String { String(printf: "%.2f", value) }
}

/// Objects of three classes crossing a frame on straight paths at different speeds and
/// heights, so that they pass one another and walk through zones and over lines. One frame in 9
/// an object is hidden and one in 5 it scores low (0.15, for the second association); an
/// object that leaves the frame comes back from the other side as a new one. Positions are a
/// function of the frame number: nothing is random and nothing is allocated.
private struct SyntheticScene {
    static let classCount = 80
    static let zones = [
        ZoneDefinition(name: "left", polygon: rectangle(0, 0, 0.3, 1)),
        ZoneDefinition(
            name: "u", polygon: [
                point(0.4, 0.2), point(0.5, 0.2), point(0.5, 0.6), point(0.7, 0.6), point(0.7, 0.2),
                point(0.8, 0.2), point(0.8, 0.9), point(0.4, 0.9),
            ], classIDs: [0, 1], minimumScore: 0.3),
        ZoneDefinition(name: "corner", polygon: [point(0.85, 0), point(1, 0), point(1, 0.4)], anchor: .center),
    ]
    static let lines = [
        LineDefinition(name: "middle", start: point(0.5, 0), end: point(0.5, 1)),
        LineDefinition(name: "diagonal", start: point(0, 1), end: point(1, 0), classIDs: [2]),
    ]

    let objects: Int
    let width: Int
    let height: Int

    func detections(frame: Int, into detections: inout [Detection]) {
        detections.removeAll(keepingCapacity: true)
        for object in 0..<objects {
            guard (frame + object) % 9 != 0 else { continue }
            // Each object crosses in 90 to 290 frames, half of them leftward, on a slight slope.
            let period = 90 + (object * 37) % 200
            let progress = Float((frame + object * 13) % period) / Float(period)
            let across = -60 + progress * Float(width + 120)
            let x = object.isMultiple(of: 2) ? across : Float(width) - across
            let lane = Float(60 + (object * 53) % (height - 120))
            let y = lane + (progress - 0.5) * Float((object % 5) * 40 - 80)
            let size = 30 + Float((object * 7) % 50)
            detections.append(Detection(
                classID: object % 3, score: (frame + object) % 5 == 0 ? 0.15 : 0.8,
                box: BoundingBox(centerX: x, centerY: y, width: size, height: size * 2)))
        }
    }

    private static func point(_ x: Double, _ y: Double) -> NormalizedPoint {
        NormalizedPoint(x: x, y: y)
    }

    private static func rectangle(_ left: Double, _ top: Double, _ right: Double, _ bottom: Double) -> [NormalizedPoint] {
        [point(left, top), point(right, top), point(right, bottom), point(left, bottom)]
    }
}
