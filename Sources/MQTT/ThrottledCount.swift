/// Lets a growing count (dropped messages, rejected messages) reach the journal at most once per
/// interval, as the growth since the last line, so that a storm cannot flood it.
struct ThrottledCount {
    private let interval: Duration
    private var reported = 0
    private var lastLine: ContinuousClock.Instant?

    init(interval: Duration = .seconds(10)) {
        self.interval = interval
    }

    /// How much `total` grew since the last line, if a line is due now; nil otherwise.
    mutating func growth(to total: Int, at now: ContinuousClock.Instant) -> Int? {
        guard total > reported else { return nil }
        if let lastLine, now - lastLine < interval { return nil }
        defer {
            reported = total
            lastLine = now
        }
        return total - reported
    }
}
