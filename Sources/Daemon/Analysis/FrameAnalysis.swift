import Detect
import Synchronization
import Track

/// What the daemon makes of a frame's detections beyond the detector: track IDs (`ObjectTracker`),
/// and what confirmed tracks do in zones and at lines (`ZoneMonitor`).
///
/// `analyze` runs on the inference thread only and allocates nothing once warm; `report()`
/// may be called from any thread. `@unchecked Sendable` for that split: the tracker and the
/// monitor are touched by `analyze` alone, the tallies only under their lock.
final class FrameAnalysis: @unchecked Sendable {
    let zoneNames: [String]
    let lineNames: [String]
    var names: ZoneNames { ZoneNames(zones: zoneNames, lines: lineNames) }
    /// The zones and lines, classes resolved, for drawing.
    var zones: [ZoneDefinition] { monitor?.zones ?? [] }
    var lines: [LineDefinition] { monitor?.lines ?? [] }
    private let classCount: Int
    private let tracker: ObjectTracker
    private let monitor: ZoneMonitor?
    private let tallies: Mutex<ZoneTallies>

    /// Occupancy per zone and class, crossings per line: copied from the monitor after each
    /// frame with events, for `status` to read without touching the monitor.
    private struct ZoneTallies {
        var occupancy: [Int]
        var crossings: [ZoneReport.Crossings]
    }

    init(tracker: ObjectTracker, monitor: ZoneMonitor?, classCount: Int) {
        self.tracker = tracker
        self.monitor = monitor
        self.classCount = classCount
        zoneNames = monitor?.zones.map(\.name) ?? []
        lineNames = monitor?.lines.map(\.name) ?? []
        tallies = Mutex(ZoneTallies(
            occupancy: Array(repeating: 0, count: zoneNames.count * classCount),
            crossings: Array(repeating: ZoneReport.Crossings(inward: 0, outward: 0), count: lineNames.count)))
    }

    /// Gives the frame's detections their track IDs (dropping low-score ones that continue no
    /// track) and puts the frame's zone and line events in `result.events`.
    func analyze(_ result: inout FrameResult) {
        result.events.removeAll(keepingCapacity: true)
        tracker.update(&result.detections)
        guard let monitor else { return }
        let tracker = tracker
        monitor.update(
            result.detections, width: result.info.width, height: result.info.height,
            isConfirmed: { tracker.isConfirmed($0) }, events: &result.events)
        guard !result.events.isEmpty else { return }
        tallies.withLock { tallies in
            for zone in zoneNames.indices {
                for classID in 0..<classCount {
                    tallies.occupancy[zone * classCount + classID] = monitor.occupancy(zone: zone, classID: classID)
                }
            }
            for line in lineNames.indices {
                let (inward, outward) = monitor.crossings(line: line)
                tallies.crossings[line] = ZoneReport.Crossings(inward: inward, outward: outward)
            }
        }
    }

    /// Who is in each zone and how often each line was crossed, for `status`.
    func report() -> ZoneReport {
        tallies.withLock { tallies in
            ZoneReport(
                zones: zoneNames.indices.map { zone in
                    let counts = (0..<classCount).compactMap { classID in
                        let count = tallies.occupancy[zone * classCount + classID]
                        return count > 0 ? ZoneReport.ClassCount(classID: classID, count: count) : nil
                    }
                    return ZoneReport.Zone(name: zoneNames[zone], occupancy: counts)
                },
                lines: lineNames.indices.map { ZoneReport.Line(name: lineNames[$0], crossings: tallies.crossings[$0]) })
        }
    }
}

/// The names of the zones and lines events refer to by index.
struct ZoneNames: Sendable, Equatable {
    var zones: [String]
    var lines: [String]

    static let none = ZoneNames(zones: [], lines: [])

    func contains(_ name: String) -> Bool { zones.contains(name) || lines.contains(name) }

    /// The zone or line an event names.
    func name(of event: ZoneEvent) -> String? {
        let names = event.kind == .cross ? lines : zones
        return names.indices.contains(event.index) ? names[event.index] : nil
    }
}

/// Zone occupancy and line counts at one moment.
struct ZoneReport: Sendable, Equatable {
    struct Crossings: Sendable, Equatable {
        var inward: Int
        var outward: Int
    }

    struct Zone: Sendable, Equatable {
        var name: String
        /// Class id and count of the tracks inside, for counts above 0, by class id.
        var occupancy: [ClassCount]
    }

    struct ClassCount: Sendable, Equatable {
        var classID: Int
        var count: Int
    }

    struct Line: Sendable, Equatable {
        var name: String
        var crossings: Crossings
    }

    var zones: [Zone]
    var lines: [Line]

    static let empty = ZoneReport(zones: [], lines: [])

    /// How `status`, the MQTT topics and the metrics name a class counted in a zone: its label,
    /// or its id where the model has no label for it.
    static func label(ofClass classID: Int, in classNames: [String]) -> String {
        classNames.indices.contains(classID) ? classNames[classID] : "\(classID)"
    }
}
