import Detect

/// What `ZoneMonitor` remembers of a confirmed track between frames.
struct MonitoredTrack {
    let id: UInt64
    /// The class of its first detection (the tracker never changes a track's class).
    let classID: Int
    /// Its latest detection's score and box, which its events carry.
    var score: Float
    var box: BoundingBox
    /// Whether the current frame has it.
    var isPresent = true
    /// Consecutive frames without it.
    var framesAbsent = 0
    /// Zones it has entered and not left.
    var zonesInside = 0

    init(_ detection: Detection, id: UInt64) {
        self.id = id
        classID = detection.classID
        score = detection.score
        box = detection.box
    }

    /// Records its detection on the current frame.
    mutating func see(_ detection: Detection) {
        score = detection.score
        box = detection.box
        isPresent = true
        framesAbsent = 0
    }
}
