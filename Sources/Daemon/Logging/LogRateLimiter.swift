import Synchronization

/// Lets at most `burst` lines of one kind through per `window`, and counts the rest, so that a
/// storm (65,000 connections in 8 s, a folder of broken images) cannot flood the journal. The
/// first line after a quiet spell says how many were left out.
final class LogRateLimiter: Sendable {
    private struct State {
        var windowStart: UInt64 = 0
        var passed = 0
        var suppressed = 0
    }

    private let burst: Int
    private let window: UInt64
    private let state = Mutex(State())

    init(burst: Int = 10, windowSeconds: Double = 10) {
        self.burst = burst
        window = UInt64(windowSeconds * 1e9)
    }

    /// Calls `log` with a note of the lines left out since the last one, or does nothing if this
    /// window's burst is spent.
    func log(now: UInt64 = MonotonicClock.now(), _ log: (_ suppressedNote: String) -> Void) {
        let suppressed: Int? = state.withLock { state in
            if now &- state.windowStart >= window {
                state.windowStart = now
                state.passed = 0
            }
            guard state.passed < burst else {
                state.suppressed += 1
                return nil
            }
            state.passed += 1
            defer { state.suppressed = 0 }
            return state.suppressed
        }
        guard let suppressed else { return }
        log(suppressed == 0 ? "" : " (\(suppressed) similar lines left out before this one)")
    }
}
