import DedicatedThreads
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

    @Test func aDedicatedThreadBlocksNoSignalWhateverItsCreatorBlocks() {
        var all = sigset_t(), previous = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_SETMASK, &all, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        let blocked = Mutex<Bool?>(nil)
        let finished = DispatchSemaphore(value: 0)
        DedicatedThread.start(name: "yolo-test-mask") {
            var mask = sigset_t()
            pthread_sigmask(SIG_SETMASK, nil, &mask)
            blocked.withLock { $0 = sigismember(&mask, SIGTERM) == 1 }
            finished.signal()
        }
        #expect(finished.wait(timeout: .now() + 5) == .success)
        #expect(blocked.withLock { $0 } == false, "SIGTERM reaches the thread and the processes it starts")
    }

    @Test func aTimedWaitEndsAtItsDeadlineWithoutASignal() {
        let lock = ConditionLock()
        let started = ContinuousClock.now
        let woken = lock.withLock { waiting in waiting.wait(until: ConditionLock.deadline(after: 0.05)) }
        let waited = ContinuousClock.now - started
        #expect(!woken)
        #expect(waited >= .milliseconds(50), "it waited until the deadline")
    }

    @Test func aSignalWakesTheWaiterBeforeItsDeadline() {
        // The waiter blocks, so it gets a thread of its own, not one of Swift concurrency's.
        let lock = ConditionLock()
        let ready = Mutex(false)
        let outcome = Mutex<Bool?>(nil)
        let finished = DispatchSemaphore(value: 0)
        DedicatedThread.start(name: "yolo-test-waiter") {
            let woken = lock.withLock { waiting in
                var woken = true
                let deadline = ConditionLock.deadline(after: 10)
                while !ready.withLock({ $0 }) && woken { woken = waiting.wait(until: deadline) }
                return woken
            }
            outcome.withLock { $0 = woken }
            finished.signal()
        }
        usleep(20_000)
        lock.withLock { _ in
            ready.withLock { $0 = true }
            lock.signal()
        }
        #expect(finished.wait(timeout: .now() + 20) == .success)
        #expect(outcome.withLock { $0 } == true, "woken by the signal, not by the 10 s deadline")
    }
}
