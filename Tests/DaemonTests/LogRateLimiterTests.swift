import Testing
@testable import Daemon

struct LogRateLimiterTests {
    @Test func passesABurstPerWindowAndCountsTheRest() {
        let limiter = LogRateLimiter(burst: 2, windowSeconds: 1)
        var lines: [String] = []
        for step in 0..<5 { limiter.log(now: UInt64(step) * 1_000) { lines.append("line\($0)") } }
        #expect(lines == ["line", "line"])
        limiter.log(now: 2_000_000_000) { lines.append("line\($0)") }
        #expect(lines.last == "line (3 similar lines left out before this one)")
    }
}
