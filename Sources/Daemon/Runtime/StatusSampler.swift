import Synchronization

/// Turns the ever-growing counters into rates for one `StatusReport`.
struct StatusSampler: Sendable {
    private var lastFrames: UInt64
    private var lastSampleTime: UInt64
    private let startTime: UInt64

    init(counters: PipelineCounters, now: UInt64 = MonotonicClock.now()) {
        lastFrames = counters.processed.load(ordering: .relaxed)
        lastSampleTime = now
        startTime = now
    }

    mutating func sample(
        counters: PipelineCounters, camera: SourceSnapshot, clients: Int, now: UInt64 = MonotonicClock.now()
    ) -> StatusReport {
        let frames = counters.processed.load(ordering: .relaxed)
        let elapsed = Double(now - lastSampleTime) / 1e9
        let fps = elapsed > 0 ? Double(frames - lastFrames) / elapsed : 0
        lastFrames = frames
        lastSampleTime = now
        return StatusReport(
            framesPerSecond: fps,
            inferenceMilliseconds: Double(counters.lastInferenceNanoseconds.load(ordering: .relaxed)) / 1e6,
            framesCaptured: counters.captured.load(ordering: .relaxed),
            framesProcessed: frames,
            staleDropped: counters.staleDropped.load(ordering: .relaxed),
            unpublished: counters.unpublished.load(ordering: .relaxed),
            detectorErrors: counters.detectorErrors.load(ordering: .relaxed),
            camera: camera,
            clients: clients,
            uptimeSeconds: Double(now - startTime) / 1e9)
    }
}
