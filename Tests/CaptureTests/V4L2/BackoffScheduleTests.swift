import Testing

@testable import Capture

@Suite struct BackoffScheduleTests {
    @Test func firstRetryIsImmediateThenDoublesUpToTheCap() {
        let schedule = BackoffSchedule()
        let delays = (0..<9).map { schedule.delay(beforeAttempt: $0) }
        let expected: [Duration] = [
            .zero, .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800),
            .milliseconds(1600), .seconds(2), .seconds(2), .seconds(2),
        ]
        #expect(delays == expected)
    }

    @Test func manyAttemptsStayAtTheCap() {
        let schedule = BackoffSchedule(initial: .milliseconds(30), cap: .milliseconds(500))
        #expect(schedule.delay(beforeAttempt: 10_000) == .milliseconds(500))
        #expect(schedule.delay(beforeAttempt: 1) == .milliseconds(30))
    }
}
