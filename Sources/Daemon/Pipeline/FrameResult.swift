import Detect
import Infer
import Track

/// What inference produced for one frame, handed to the publisher through a `NewestSlot`.
/// Its arrays are preallocated and refilled, never reallocated.
struct FrameResult: Sendable {
    /// Daemon-wide frame number, starting at 1.
    var seq: UInt64 = 0
    var info = PipelineFrameInfo.none
    var inferenceNanoseconds: UInt64 = 0
    /// With `trackID`s when tracking is on.
    var detections: [Detection]
    /// What tracks did in zones and at lines on this frame (`FrameAnalysis`).
    var events: [ZoneEvent]

    /// Events a frame usually has room for; a frame with more grows the array once.
    static let reservedEvents = 64

    init(capacity: Int) {
        detections = []
        detections.reserveCapacity(capacity)
        events = []
        events.reserveCapacity(Self.reservedEvents)
    }
}
