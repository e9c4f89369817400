/// The wait before each reconnect: the lower bound after the first failure, doubled after each
/// further one up to the upper bound, and back to the lower bound once a connection succeeds.
/// A broker that is down for long is tried every upper-bound interval, not hammered.
struct ReconnectBackoff {
    private let range: ClosedRange<Duration>
    private var next: Duration

    init(_ range: ClosedRange<Duration>) {
        self.range = range
        next = range.lowerBound
    }

    /// The wait after a failure; the next one is twice as long, up to the upper bound.
    mutating func delayAfterFailure() -> Duration {
        defer { next = min(next * 2, range.upperBound) }
        return next
    }

    mutating func reset() {
        next = range.lowerBound
    }
}
