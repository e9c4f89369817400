/// How long to wait before each reopen attempt after a fault: the first retry is immediate
/// (a replugged or reset camera is usually back at once), then the wait doubles up to a cap.
public struct BackoffSchedule: Sendable, Equatable {
    public var initial: Duration
    public var cap: Duration

    public init(initial: Duration = .milliseconds(100), cap: Duration = .seconds(2)) {
        self.initial = initial
        self.cap = cap
    }

    /// The wait before retry number `attempt` (0 for the first retry after a fault).
    public func delay(beforeAttempt attempt: Int) -> Duration {
        guard attempt > 0 else { return .zero }
        var delay = initial
        for _ in 1..<attempt {
            delay *= 2
            if delay >= cap { return cap }
        }
        return min(delay, cap)
    }
}
