import Testing
@testable import Daemon

struct WatchdogPolicyTests {
    @Test func pingsOnlyAfterProgress() {
        var policy = WatchdogPolicy(processedFrames: 10)
        var ping: Bool
        ping = policy.shouldPing(processedFrames: 12, sourceState: .streaming, inferenceBusy: false)
        #expect(ping)
        ping = policy.shouldPing(processedFrames: 12, sourceState: .streaming, inferenceBusy: false)
        #expect(!ping, "no new frame")
        ping = policy.shouldPing(processedFrames: 13, sourceState: .streaming, inferenceBusy: true)
        #expect(ping)
    }

    @Test func reconnectingCameraCountsAsAliveButStuckInferenceDoesNot() {
        var policy = WatchdogPolicy(processedFrames: 5)
        var ping: Bool
        ping = policy.shouldPing(processedFrames: 5, sourceState: .reconnecting, inferenceBusy: false)
        #expect(ping)
        ping = policy.shouldPing(processedFrames: 5, sourceState: .opening, inferenceBusy: false)
        #expect(ping)
        ping = policy.shouldPing(processedFrames: 5, sourceState: .reconnecting, inferenceBusy: true)
        #expect(!ping)
        ping = policy.shouldPing(processedFrames: 5, sourceState: .ended, inferenceBusy: false)
        #expect(!ping)
    }
}
