#if canImport(Glibc)
import Glibc
#endif

/// Work a `WorkerPool` splits: task `task`, rows `rows`, done as part `part`
/// (so each part can use its own scratch memory).
protocol PartitionedWork: AnyObject, Sendable {
    func run(task: Int, part: Int, rows: Range<Int>)
}

/// A fixed set of threads, started once at load, that split a loop over
/// equal parts of a range. Dispatching work allocates nothing: the job (an
/// object and a task number, never a closure, whose context would be boxed)
/// is handed over through a slot guarded by one mutex, and the caller's
/// thread runs the first part itself.
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

    /// Runs `task` of `work` on `threadCount` contiguous parts of
    /// `0..<count`, in parallel, and returns when all are done.
    func forEachPart(of count: Int, task: Int, in work: any PartitionedWork) {
        guard threadCount > 1, count > 1 else {
            work.run(task: task, part: 0, rows: 0..<count)
            return
        }
        state.run(task: task, in: work, count: count)
    }

    static func part(_ index: Int, of count: Int, parts: Int) -> Range<Int> {
        (count * index / parts)..<(count * (index + 1) / parts)
    }
}

/// The mutex-guarded job slot the pool's threads wait on.
private final class WorkerPoolState: @unchecked Sendable {
    let parts: Int
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let workReady = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let workDone = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Guarded by `mutex`.
    private var generation = 0
    private var pending = 0
    private var stopping = false
    private var work: (any PartitionedWork)?
    private var task = 0
    private var jobCount = 0

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

    func run(task: Int, in work: any PartitionedWork, count: Int) {
        pthread_mutex_lock(mutex)
        self.work = work
        self.task = task
        jobCount = count
        pending = parts - 1
        generation += 1
        pthread_cond_broadcast(workReady)
        pthread_mutex_unlock(mutex)

        work.run(task: task, part: 0, rows: WorkerPool.part(0, of: count, parts: parts))

        pthread_mutex_lock(mutex)
        while pending > 0 { pthread_cond_wait(workDone, mutex) }
        self.work = nil
        pthread_mutex_unlock(mutex)
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
            do {
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
                work?.run(task: task, part: part, rows: WorkerPool.part(part, of: count, parts: parts))
            }
            pthread_mutex_lock(mutex)
            pending -= 1
            if pending == 0 { pthread_cond_signal(workDone) }
            pthread_mutex_unlock(mutex)
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
