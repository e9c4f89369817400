import Synchronization

/// Counters shared by the pipeline threads, the publisher and the health reporter. They live as
/// long as the daemon, so sequence numbers keep increasing across a reload.
final class PipelineCounters: Sendable {
    /// Frames the source delivered.
    let captured = Atomic<UInt64>(0)
    /// Frames replaced in the newest-frame slot before inference took them.
    let staleDropped = Atomic<UInt64>(0)
    /// Frames inference finished; the latest value is the last published `seq`.
    let processed = Atomic<UInt64>(0)
    /// Results replaced before the publisher took them (the publisher fell behind).
    let unpublished = Atomic<UInt64>(0)
    /// `detect` calls that threw.
    let detectorErrors = Atomic<UInt64>(0)
    /// Duration of the last `detect` call.
    let lastInferenceNanoseconds = Atomic<UInt64>(0)
    /// CLOCK_MONOTONIC time the running `detect` call started, 0 while inference is idle.
    let inferenceStartedAt = Atomic<UInt64>(0)
    /// Heap allocations on the capture thread once warm (`SteadyStateAllocations`), including
    /// the source's own: libjpeg-turbo allocates while decoding each JPEG or MJPEG frame.
    let captureAllocations = Atomic<UInt64>(0)
    /// Heap allocations on the inference thread once warm; zero is the design.
    let inferenceAllocations = Atomic<UInt64>(0)

    init() {}

    var isInferenceBusy: Bool { inferenceStartedAt.load(ordering: .relaxed) != 0 }
}
