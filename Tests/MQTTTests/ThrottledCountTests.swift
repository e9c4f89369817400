import Testing
@testable import MQTT

struct ThrottledCountTests {
    @Test func reportsTheGrowthAtMostOncePerInterval() {
        var count = ThrottledCount(interval: .seconds(10))
        let start = ContinuousClock.now
        #expect(count.growth(to: 0, at: start) == nil)
        #expect(count.growth(to: 3, at: start) == 3)
        #expect(count.growth(to: 5, at: start + .seconds(9)) == nil)
        #expect(count.growth(to: 7, at: start + .seconds(10)) == 4)
    }
}
