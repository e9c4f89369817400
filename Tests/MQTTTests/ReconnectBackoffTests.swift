import Testing
@testable import MQTT

struct ReconnectBackoffTests {
    @Test func doublesUpToTheCapAndStartsOverAfterAConnection() {
        var backoff = ReconnectBackoff(.seconds(1) ... .seconds(5))
        let delays = (0..<5).map { _ in backoff.delayAfterFailure() }
        #expect(delays == [.seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5)])
        backoff.reset()
        #expect(backoff.delayAfterFailure() == .seconds(1))
    }
}
