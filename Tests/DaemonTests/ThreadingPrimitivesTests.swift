import Foundation
import Synchronization
import Testing
@testable import Daemon

/// The pthread-based pieces that replaced Foundation's `Thread` and `NSCondition`.
struct ThreadingPrimitivesTests {
    @Test func aDedicatedThreadRunsUnderItsName() async throws {
        let seen = Mutex<(thread: pthread_t, comm: String)?>(nil)
        let finished = DispatchSemaphore(value: 0)
        DedicatedThread.start(name: "yolo-test-thread-long-name") {
            let comm = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
            seen.withLock { $0 = (thread: pthread_self(), comm: comm) }
            finished.signal()
        }
        #expect(finished.wait(timeout: .now() + 5) == .success)
        let result = try #require(seen.withLock { $0 })
        #expect(result.comm == "yolo-test-threa\n", "the kernel keeps 15 bytes of the name")
        #expect(result.thread != pthread_self(), "not the caller's thread")
    }

    @Test func aTimedWaitEndsAtItsDeadlineWithoutASignal() {
        let lock = ConditionLock()
        let started = ContinuousClock.now
        let woken = lock.withLock { waiting in waiting.wait(until: ConditionLock.deadline(after: 0.05)) }
        let waited = ContinuousClock.now - started
        #expect(!woken)
        #expect(waited >= .milliseconds(50), "it waited until the deadline")
    }

    @Test func aSignalWakesTheWaiterBeforeItsDeadline() async {
        let lock = ConditionLock()
        let ready = Mutex(false)
        let waiter = Task.detached {
            lock.withLock { waiting in
                var woken = true
                let deadline = ConditionLock.deadline(after: 10)
                while !ready.withLock({ $0 }) && woken { woken = waiting.wait(until: deadline) }
                return woken
            }
        }
        try? await Task.sleep(for: .milliseconds(20))
        lock.withLock { _ in
            ready.withLock { $0 = true }
            lock.signal()
        }
        #expect(await waiter.value, "woken by the signal, not by the 10 s deadline")
    }
}
