import Detect

/// What confirmed tracks do in zones and at counting lines: enter and leave events per zone
/// (`ZonePresence`), crossings per line (`LinePassage`), and the running occupancy and counts.
///
/// State is kept per (track, zone) and (track, line) in arrays of `maxTracks` slots
/// (`TrackSlots`), allocated at init. Events of a frame come in ascending track ID; for each
/// track, its zones' events in zone order, then its crossings in line order.
///
/// Used on one thread, after the tracker of the same frames.
public final class ZoneMonitor {
    public let zones: [ZoneDefinition]
    public let lines: [LineDefinition]
    private let classCount: Int
    private let maxTracks: Int
    private let maxDetections: Int
    private let lineSegments: [LineSegment]
    private var slots: TrackSlots
    /// Per slot, then zone.
    private var presences: [ZonePresence]
    /// Per slot, then line.
    private var passages: [LinePassage]
    /// Per zone, then class.
    private var occupancies: [Int]
    private var inwardCrossings: [Int]
    private var outwardCrossings: [Int]
    /// Detections of the frame whose tracks have no slot yet.
    private var newcomers: [Int] = []

    public init(zones: [ZoneDefinition], lines: [LineDefinition], classCount: Int, maxTracks: Int, maxDetections: Int) {
        precondition(classCount >= 0 && maxTracks >= 0 && maxDetections >= 0, "negative capacity")
        self.zones = zones
        self.lines = lines
        self.classCount = classCount
        self.maxTracks = maxTracks
        self.maxDetections = maxDetections
        lineSegments = lines.map { LineSegment(start: $0.start, end: $0.end) }
        slots = TrackSlots(capacity: maxTracks)
        presences = Array(repeating: ZonePresence(), count: maxTracks * zones.count)
        passages = Array(repeating: LinePassage(), count: maxTracks * lines.count)
        occupancies = Array(repeating: 0, count: zones.count * classCount)
        inwardCrossings = Array(repeating: 0, count: lines.count)
        outwardCrossings = Array(repeating: 0, count: lines.count)
        newcomers.reserveCapacity(maxDetections)
    }

    /// Upper bound on events one update can append (callers reserve this capacity once): every
    /// remembered track may enter or leave each zone, every present one cross each line.
    public var maxEventsPerFrame: Int {
        maxTracks * zones.count + min(maxTracks, maxDetections) * lines.count
    }

    /// One frame, after the tracker: `detections` carry trackIDs (untracked ones are ignored),
    /// boxes in pixels of a width×height frame. Only confirmed tracks count. Appends the frame's
    /// events (enter, leave, cross) to `events` in a deterministic order. A track missing from a
    /// frame counts as outside every zone for that frame, so a track lost inside a zone leaves
    /// after the zone's leaveFrames. Allocates nothing once warm.
    ///
    /// A new track that finds no slot (every one holds a track present or inside a zone) is
    /// left out until one is free.
    public func update(
        _ detections: [Detection], width: Int, height: Int, isConfirmed: (UInt64) -> Bool,
        events: inout [ZoneEvent]
    ) {
        slots.beginFrame()
        newcomers.removeAll(keepingCapacity: true)
        for index in detections.indices {
            guard let id = detections[index].trackID, isConfirmed(id) else { continue }
            if let slot = slots.slot(of: id) {
                slots[slot].see(detections[index])
            } else {
                newcomers.append(index)
            }
        }
        for newcomer in newcomers.indices {
            let detection = detections[newcomers[newcomer]]
            let id = detection.trackID!
            if let slot = slots.slot(of: id) {  // the same ID twice in one frame
                slots[slot].see(detection)
            } else if let slot = slots.add(MonitoredTrack(detection, id: id)) {
                forgetState(of: slot)
            }
        }
        for position in slots.order.indices {
            let slot = slots.order[position]
            var track = slots[slot]
            if !track.isPresent {
                track.framesAbsent += 1
            }
            observeZones(&track, slot: slot, width: width, height: height, events: &events)
            if track.isPresent {
                observeLines(track, slot: slot, width: width, height: height, events: &events)
            }
            slots[slot] = track
        }
    }

    /// Tracks currently inside zone `zone` (entered and not yet left), of class `classID`.
    public func occupancy(zone: Int, classID: Int) -> Int {
        precondition(zones.indices.contains(zone), "no zone \(zone)")
        guard (0..<classCount).contains(classID) else { return 0 }
        return occupancies[zone * classCount + classID]
    }

    /// Crossings of line `line` so far, each way.
    public func crossings(line: Int) -> (in: Int, out: Int) {
        (inwardCrossings[line], outwardCrossings[line])
    }

    /// Forgets every track, the occupancy and the counts.
    public func reset() {
        slots.removeAll()
        for index in occupancies.indices {
            occupancies[index] = 0
        }
        for line in lines.indices {
            inwardCrossings[line] = 0
            outwardCrossings[line] = 0
        }
    }

    private func observeZones(
        _ track: inout MonitoredTrack, slot: Int, width: Int, height: Int, events: inout [ZoneEvent]
    ) {
        for index in zones.indices {
            let zone = zones[index]
            let inside = track.isPresent
                && Self.counts(track, classIDs: zone.classIDs, minimumScore: zone.minimumScore)
                && ZoneGeometry.contains(zone.polygon, zone.anchor.point(of: track.box, width: width, height: height))
            let kind = presences[slot * zones.count + index].observe(
                inside: inside, enterFrames: zone.enterFrames, leaveFrames: zone.leaveFrames)
            guard let kind else { continue }
            let change = kind == .enter ? 1 : -1
            track.zonesInside += change
            if (0..<classCount).contains(track.classID) {
                occupancies[index * classCount + track.classID] += change
            }
            events.append(ZoneEvent(
                kind: kind, index: index, trackID: track.id, classID: track.classID, score: track.score, box: track.box))
        }
    }

    private func observeLines(
        _ track: MonitoredTrack, slot: Int, width: Int, height: Int, events: inout [ZoneEvent]
    ) {
        let deadBand = LinePassage.deadBand(width: track.box.width, height: track.box.height)
        for index in lines.indices {
            let line = lines[index]
            guard Self.counts(track, classIDs: line.classIDs, minimumScore: line.minimumScore) else { continue }
            let point = line.anchor.point(of: track.box, width: width, height: height)
            let segment = lineSegments[index]
            let direction = passages[slot * lines.count + index].observe(
                point, distance: segment.pixelDistance(to: point, width: width, height: height), deadBand: deadBand,
                line: segment)
            guard let direction else { continue }
            switch direction {
            case .in: inwardCrossings[index] += 1
            case .out: outwardCrossings[index] += 1
            }
            events.append(ZoneEvent(
                kind: .cross, index: index, direction: direction, trackID: track.id, classID: track.classID,
                score: track.score, box: track.box))
        }
    }

    /// A new track's slot starts outside every zone, on no side of any line.
    private func forgetState(of slot: Int) {
        for index in zones.indices {
            presences[slot * zones.count + index] = ZonePresence()
        }
        for index in lines.indices {
            passages[slot * lines.count + index] = LinePassage()
        }
    }

    /// Whether the zone or line with these filters counts `track` on this frame.
    private static func counts(_ track: MonitoredTrack, classIDs: Set<Int>?, minimumScore: Float) -> Bool {
        (classIDs?.contains(track.classID) ?? true) && track.score >= minimumScore
    }
}
