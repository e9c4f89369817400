/// Spaces frames at a fixed rate on the monotonic clock, sleeping (never
/// spinning) until each is due. A consumer slower than the rate gets frames
/// as fast as it asks, and the schedule restarts from then instead of
/// bursting to catch up.
struct FramePacer {
    /// nil: no pacing.
    let framesPerSecond: Double?
    private var nextDue: ContinuousClock.Instant?

    init(framesPerSecond: Double?) {
        self.framesPerSecond = framesPerSecond
    }

    /// Waits until the next frame is due; false if `stop` was raised first.
    mutating func waitForNextFrame(stop: StopSignal) -> Bool {
        guard let rate = framesPerSecond, rate > 0 else { return !stop.isStopped }
        let clock = ContinuousClock()
        let period = Duration.seconds(1 / rate)
        let now = clock.now
        let due = nextDue.map { now - $0 > period ? now : $0 } ?? now
        nextDue = due + period
        return !stop.sleep(for: due - now) && !stop.isStopped
    }
}
