import Detect
@testable import Track

/// Builders and runners for scripted tracking scenes.

/// A detection of a `width`×`height` box centred on (`x`, `y`), in pixels.
func detection(
    _ x: Float, _ y: Float, width: Float = 40, height: Float = 80, score: Float = 0.9, classID: Int = 0,
    trackID: UInt64? = nil
) -> Detection {
    Detection(
        classID: classID, score: score, box: BoundingBox(centerX: x, centerY: y, width: width, height: height),
        trackID: trackID)
}

extension TrackerSettings {
    static func with(_ change: (inout TrackerSettings) -> Void) -> TrackerSettings {
        var settings = TrackerSettings()
        change(&settings)
        return settings
    }
}

extension ObjectTracker {
    convenience init(_ settings: TrackerSettings = TrackerSettings()) {
        self.init(settings: settings, maxDetections: 64)
    }

    /// One frame: the track IDs of the detections the tracker kept, in their order, tentative
    /// tracks' included.
    func ids(_ detections: [Detection]) -> [UInt64?] {
        var detections = detections
        associate(&detections)
        return detections.map(\.trackID)
    }
}

/// Runs a `ZoneMonitor` on scripted frames of a 1000×1000 frame (so a pixel is 0.001 of the
/// frame) with every track confirmed unless said otherwise, and describes its events briefly.
struct MonitorScript {
    static let frameSize = 1000
    let monitor: ZoneMonitor
    private(set) var frame = 0

    init(zones: [ZoneDefinition] = [], lines: [LineDefinition] = [], classCount: Int = 3, maxTracks: Int = 16) {
        monitor = ZoneMonitor(zones: zones, lines: lines, classCount: classCount, maxTracks: maxTracks, maxDetections: 16)
    }

    /// One frame; its events as "enter 0 #1", "leave 0 #1", "cross 0 in #1" (kind, index,
    /// direction, track ID).
    mutating func run(_ detections: [Detection], confirmed: (UInt64) -> Bool = { _ in true }) -> [String] {
        events(detections, confirmed: confirmed).map(Self.describe)
    }

    /// One frame; its events in full.
    mutating func events(_ detections: [Detection], confirmed: (UInt64) -> Bool = { _ in true }) -> [ZoneEvent] {
        frame += 1
        var events: [ZoneEvent] = []
        monitor.update(
            detections, width: Self.frameSize, height: Self.frameSize, isConfirmed: confirmed, events: &events)
        return events
    }

    /// Runs `frames` and returns each event with the frame it came on, counted from 1.
    mutating func run(frames: [[Detection]]) -> [String] {
        var all: [String] = []
        for detections in frames {
            let events = run(detections)
            all += events.map { "\(frame): \($0)" }
        }
        return all
    }

    static func describe(_ event: ZoneEvent) -> String {
        let direction = event.direction.map { " \($0.rawValue)" } ?? ""
        return "\(event.kind.rawValue) \(event.index)\(direction) #\(event.trackID)"
    }
}

/// A tracked detection whose box is centred on normalized point (`x`, `y`) of `MonitorScript`'s
/// frame: a 40×40 box, so the `.center` anchor is the point itself.
func tracked(
    _ trackID: UInt64, _ x: Double, _ y: Double, classID: Int = 0, score: Float = 0.9, side: Float = 40
) -> Detection {
    let scale = Float(MonitorScript.frameSize)
    return detection(
        Float(x) * scale, Float(y) * scale, width: side, height: side, score: score, classID: classID, trackID: trackID)
}

func point(_ x: Double, _ y: Double) -> NormalizedPoint {
    NormalizedPoint(x: x, y: y)
}

/// The rectangle from (`left`, `top`) to (`right`, `bottom`), normalized.
func rectangle(_ left: Double, _ top: Double, _ right: Double, _ bottom: Double) -> [NormalizedPoint] {
    [point(left, top), point(right, top), point(right, bottom), point(left, bottom)]
}
