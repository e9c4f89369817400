import Foundation
import Synchronization
import Testing

@testable import Capture

/// Camera faults at open time must not throw or return: the source backs off and retries
/// until stopped, reporting why in its status.
@Suite struct MissingDeviceTests {
    private let fastPolicy = RecoveryPolicy(
        backoff: BackoffSchedule(initial: .milliseconds(10), cap: .milliseconds(40)))

    /// Runs `withNextFrame` until `attempts` opens have failed, then stops the source.
    /// Returns the backoff status seen, and what `withNextFrame` returned.
    private func runUntilBackoff(_ source: V4L2Source, attempts: Int) -> (CaptureStatus?, Bool?) {
        let observed = Mutex<CaptureStatus?>(nil)
        let board = source.status
        let stop = source.stopSignal
        Thread.detachNewThread {
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline {
                let status = board.snapshot()
                if status.counters.openAttempts >= attempts, case .backoff = status.state {
                    observed.withLock { $0 = status }
                    break
                }
                usleep(1_000)
            }
            stop.stop()
        }
        let result = source.withNextFrame { _, _ in true }
        return (observed.withLock { $0 }, result)
    }

    @Test func missingCameraBacksOffUntilStopped() {
        let source = V4L2Source(path: "/nonexistent/video9", policy: fastPolicy)
        let (status, result) = runUntilBackoff(source, attempts: 4)
        #expect(result == nil)
        let fault = CaptureFault.cannotOpen(path: "/nonexistent/video9", errno: ENOENT)
        #expect(status?.state == .backoff(reason: fault, retryIn: .milliseconds(40)))
        #expect(status?.counters.opens == 0)
        #expect(source.status.snapshot().state == .finished(reason: nil))
    }

    @Test func nodeThatIsNotACameraIsRetriedWithItsReason() {
        let source = V4L2Source(path: "/dev/null", policy: fastPolicy)
        let (status, result) = runUntilBackoff(source, attempts: 2)
        #expect(result == nil)
        // libv4l2 itself refuses nodes that do not answer VIDIOC_QUERYCAP.
        let fault = CaptureFault.cannotOpen(path: "/dev/null", errno: ENOTTY)
        #expect(status?.state == .backoff(reason: fault, retryIn: .milliseconds(20)))
    }
}
