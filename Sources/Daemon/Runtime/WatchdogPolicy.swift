/// Decides whether the daemon deserves a `WATCHDOG=1` ping. A ping must prove that frames flow,
/// not merely that a timer runs.
struct WatchdogPolicy: Sendable {
    /// `processed` at the previous ping.
    private var lastPingedFrames: UInt64

    init(processedFrames: UInt64) {
        lastPingedFrames = processedFrames
    }

    /// - Parameters:
    ///   - processedFrames: frames inference has finished so far.
    ///   - sourceState: a camera that is opening or reconnecting counts as alive, because its
    ///     backoff is progress; it shows in `STATUS=` instead.
    ///   - inferenceBusy: a `detect` call is running. Combined with no finished frame since the
    ///     last ping, that is a stuck inference, which never counts as alive.
    mutating func shouldPing(processedFrames: UInt64, sourceState: SourceSnapshot.State, inferenceBusy: Bool) -> Bool {
        defer { lastPingedFrames = processedFrames }
        if processedFrames != lastPingedFrames { return true }
        let waitingForCamera = sourceState == .opening || sourceState == .reconnecting
        return waitingForCamera && !inferenceBusy
    }
}
