#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Work a `WorkerPool` splits: task `task`, rows `rows`, done by participant
/// `part` (so each participant can use its own scratch memory).
protocol PartitionedWork: AnyObject, Sendable {
    func run(task: Int, part: Int, rows: Range<Int>)
}

/// A fixed set of threads, started once at load, that split a loop over a
/// range. Dispatching work allocates nothing: the job (an object and a task
/// number, never a closure, whose context would be boxed) is handed over
/// through a slot guarded by one mutex.
///
/// The caller's thread and the workers take chunks of the range from a
/// shared counter until it runs out, rather than one fixed part each: a
/// worker that wakes late, or loses its core to another process, leaves its
/// share to the others instead of holding up the step.
final class WorkerPool: @unchecked Sendable {
    let threadCount: Int
    private let state: WorkerPoolState
    private var threads: [pthread_t] = []

    init(threadCount: Int) {
        self.threadCount = max(1, threadCount)
        state = WorkerPoolState(parts: self.threadCount)
        for part in 1..<self.threadCount {
            // The thread owns a reference to the shared state, not to the
            // pool, so that dropping the pool stops and joins the threads.
            let context = Unmanaged.passRetained(WorkerContext(state: state, part: part)).toOpaque()
            var thread = pthread_t()
            let status = pthread_create(&thread, nil, { raw in
                let context = Unmanaged<WorkerContext>.fromOpaque(raw!).takeRetainedValue()
                context.state.workerLoop(part: context.part)
                return nil
            }, context)
            precondition(status == 0, "cannot start an inference worker thread (error \(status))")
            threads.append(thread)
        }
    }

    deinit {
        state.stop()
        for thread in threads { pthread_join(thread, nil) }
    }

    /// Runs `task` of `work` on chunks of `0..<count`, in parallel, and
    /// returns when all are done.
    func forEachPart(of count: Int, task: Int, in work: any PartitionedWork) {
        guard threadCount > 1, count > 1 else {
            work.run(task: task, part: 0, rows: 0..<count)
            return
        }
        state.run(task: task, in: work, count: count)
    }

    /// Rows per chunk: about four chunks per thread, so that the work evens
    /// out without many more dispatches.
    static func chunkSize(of count: Int, parts: Int) -> Int {
        max(1, count / (4 * parts))
    }
}

/// The job slot the pool's threads wait on (under a mutex) and the chunk
/// counter they take rows from (atomic).
///
/// The counter holds the job's generation beside the next free row, so a
/// participant that read an older job can never take rows of a newer one.
/// The caller waits only until every row is done: a worker that has not
/// woken yet is not waited for, and later finds nothing left to take.
///
/// Between steps, workers and the caller poll for a while (yielding the
/// core each time) before they sleep on a condition: a run dispatches over a
/// hundred steps of a fraction of a millisecond each, and waking a sleeping
/// thread takes a good part of that.
private final class WorkerPoolState: @unchecked Sendable {
    /// Polls before sleeping, each a sched_yield: some tens of microseconds
    /// on an idle core, and no time taken from a thread sharing the core.
    static let pollsBeforeSleep = 200

    let parts: Int
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let workReady = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let workDone = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Guarded by `mutex`.
    private var generation = 0
    private var stopping = false
    private var work: (any PartitionedWork)?
    private var task = 0
    private var jobCount = 0
    /// The job's generation in the high 32 bits, its next free row in the low ones.
    private let claims = Atomic<Int>(0)
    /// Rows of the current job done so far.
    private let completed = Atomic<Int>(0)
    /// `generation`, readable without the mutex by polling workers.
    private let published = Atomic<Int>(0)

    init(parts: Int) {
        self.parts = parts
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(workReady, nil)
        pthread_cond_init(workDone, nil)
    }

    deinit {
        pthread_cond_destroy(workReady)
        pthread_cond_destroy(workDone)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        workReady.deallocate()
        workDone.deallocate()
    }

    private static func claimKey(_ generation: Int) -> Int { (generation & 0x7FFF_FFFF) << 32 }

    func run(task: Int, in work: any PartitionedWork, count: Int) {
        pthread_mutex_lock(mutex)
        self.work = work
        self.task = task
        jobCount = count
        generation += 1
        let job = generation
        completed.store(0, ordering: .relaxed)
        claims.store(Self.claimKey(job), ordering: .relaxed)
        published.store(job, ordering: .releasing)
        pthread_cond_broadcast(workReady)
        pthread_mutex_unlock(mutex)

        takeChunks(of: work, job: job, task: task, count: count, part: 0)

        poll { self.completed.load(ordering: .acquiring) >= count }
        pthread_mutex_lock(mutex)
        while completed.load(ordering: .acquiring) < count { pthread_cond_wait(workDone, mutex) }
        self.work = nil
        pthread_mutex_unlock(mutex)
    }

    /// Yields the core until `done` holds or the polls run out.
    private func poll(until done: () -> Bool) {
        var polls = 0
        while polls < Self.pollsBeforeSleep, !done() {
            sched_yield()
            polls += 1
        }
    }

    /// Runs chunks of job `job` until none is left.
    private func takeChunks(of work: any PartitionedWork, job: Int, task: Int, count: Int, part: Int) {
        let chunk = WorkerPool.chunkSize(of: count, parts: parts)
        let key = Self.claimKey(job)
        var current = claims.load(ordering: .relaxed)
        while current & ~0xFFFF_FFFF == key, current & 0xFFFF_FFFF < count {
            let (taken, original) = claims.compareExchange(
                expected: current, desired: current + chunk, ordering: .relaxed)
            guard taken else {
                current = original
                continue
            }
            let begin = current & 0xFFFF_FFFF, end = min(begin + chunk, count)
            work.run(task: task, part: part, rows: begin..<end)
            let done = completed.add(end - begin, ordering: .releasing).newValue
            if done == count && part != 0 {
                pthread_mutex_lock(mutex)
                pthread_cond_signal(workDone)
                pthread_mutex_unlock(mutex)
            }
            current = claims.load(ordering: .relaxed)
        }
    }

    func stop() {
        pthread_mutex_lock(mutex)
        stopping = true
        pthread_cond_broadcast(workReady)
        pthread_mutex_unlock(mutex)
    }

    func workerLoop(part: Int) {
        var seen = 0
        while true {
            poll { self.published.load(ordering: .acquiring) != seen }
            pthread_mutex_lock(mutex)
            while generation == seen && !stopping { pthread_cond_wait(workReady, mutex) }
            if stopping {
                pthread_mutex_unlock(mutex)
                return
            }
            seen = generation
            let work = work
            let task = task
            let count = jobCount
            pthread_mutex_unlock(mutex)
            if let work { takeChunks(of: work, job: seen, task: task, count: count, part: part) }
        }
    }
}

private final class WorkerContext {
    let state: WorkerPoolState
    let part: Int
    init(state: WorkerPoolState, part: Int) {
        self.state = state
        self.part = part
    }
}
