import Glibc

/// A mutex with a condition variable whose timed waits run on the monotonic clock, so a
/// wall-clock step (NTP, a board without a real-time clock setting its date) neither
/// shortens nor stretches a wait.
///
/// Written over pthreads rather than taken from Foundation's `NSCondition` (which also waits
/// on the wall clock): full Foundation keeps megabytes of pages resident in every process
/// that links it (docs/measurements.md). The pthread objects need fixed addresses, hence the
/// allocations, made once per lock.
final class ConditionLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Runs `body` holding the lock. `body` may call `wait` on the `Waiting` it gets.
    func withLock<Result, Failure: Error>(_ body: (Waiting) throws(Failure) -> Result) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(Waiting(lock: self))
    }

    /// Wakes one waiter.
    func signal() { pthread_cond_signal(condition) }

    /// Wakes every waiter.
    func broadcast() { pthread_cond_broadcast(condition) }

    /// A deadline on the monotonic clock, `seconds` from now.
    static func deadline(after seconds: Double) -> timespec {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let nanoseconds = Int(now.tv_nsec) + Int(max(seconds, 0) * 1e9)
        return timespec(tv_sec: now.tv_sec + nanoseconds / 1_000_000_000, tv_nsec: nanoseconds % 1_000_000_000)
    }

    /// Proof that the lock is held, which `wait` needs.
    struct Waiting {
        fileprivate let lock: ConditionLock

        /// Releases the lock until signalled or until `deadline` passes, then holds it again.
        /// Returns false once the deadline has passed. Wakes may be spurious: recheck the state.
        func wait(until deadline: timespec) -> Bool {
            var deadline = deadline
            return pthread_cond_timedwait(lock.condition, lock.mutex, &deadline) != ETIMEDOUT
        }
    }
}
