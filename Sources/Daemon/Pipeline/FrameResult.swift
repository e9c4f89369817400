import Detect
import Infer

/// What inference produced for one frame, handed to the publisher through a `NewestSlot`.
/// Its `detections` array is preallocated and refilled, never reallocated.
struct FrameResult: Sendable {
    /// Daemon-wide frame number, starting at 1.
    var seq: UInt64 = 0
    var info = PipelineFrameInfo.none
    var inferenceNanoseconds: UInt64 = 0
    var detections: [Detection]

    init(capacity: Int) {
        detections = []
        detections.reserveCapacity(capacity)
    }
}
