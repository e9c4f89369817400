import Glibc
import Synchronization

/// A named operating-system thread of its own for a long or blocking job (the capture,
/// inference, publisher and MQTT loops, joins, model loads), so that it never occupies one of
/// the few threads Swift concurrency runs tasks on.
///
/// A thin wrapper over `pthread_create` rather than Foundation's `Thread`: that class is all
/// this executable used from full Foundation, which keeps megabytes of pages resident in
/// every process that links it (docs/measurements.md). The name shows in `top -H` and `ps -L`.
/// Threads are detached: whoever needs one to end waits for it with a deadline
/// (`waitUntilFinished(before:)`), since a thread can be stuck where nothing interrupts it (a
/// host name lookup).
public struct DedicatedThread: Sendable {
    private let job: Job

    /// Runs `body` on a new thread named `name` (the kernel keeps 15 bytes of it).
    @discardableResult
    public static func start(name: String, _ body: @escaping @Sendable () -> Void) -> DedicatedThread {
        let job = Job(name: name, body: body)
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, runJob, Unmanaged.passRetained(job).toOpaque())
        guard status == 0 else {
            // Only when the system is out of threads or memory; nothing sensible runs on.
            fatalError("cannot start thread \(name): \(String(cString: strerror(status)))")
        }
        pthread_detach(thread)
        return DedicatedThread(job: job)
    }

    /// Waits until the thread's body has returned, or until `deadline`.
    /// - Returns: whether it returned in time.
    public func waitUntilFinished(before deadline: ContinuousClock.Instant) -> Bool {
        // The wait happens once, at shutdown: short naps keep it simple.
        while !job.hasFinished, ContinuousClock.now < deadline {
            usleep(1000)
        }
        return job.hasFinished
    }

    fileprivate final class Job: Sendable {
        let name: String
        let body: @Sendable () -> Void
        private let finished = Atomic<Bool>(false)

        init(name: String, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }

        var hasFinished: Bool { finished.load(ordering: .acquiring) }

        func run() {
            nameCurrentThread()
            unblockSignals()
            body()
            finished.store(true, ordering: .releasing)
        }

        /// A new thread inherits its creator's signal mask, and Swift concurrency's threads
        /// block nearly every signal; a process started from such a thread would inherit that
        /// too and could not be stopped with SIGTERM. So each thread starts with none blocked,
        /// as a program's first thread does (signal handlers run on whichever thread the
        /// kernel picks, so this changes nothing for them).
        private func unblockSignals() {
            var none = sigset_t()
            sigemptyset(&none)
            pthread_sigmask(SIG_SETMASK, &none, nil)
        }

        /// The kernel's name for the calling thread, as `pthread_setname_np` sets it (Swift's
        /// Glibc module does not export that GNU function): the thread's `comm` file.
        private func nameCurrentThread() {
            let descriptor = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return }
            defer { close(descriptor) }
            let bytes = Array(name.utf8.prefix(15))
            _ = write(descriptor, bytes, bytes.count)
        }
    }
}

/// The new thread's entry point: takes over the reference `start` retained.
private func runJob(_ job: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    Unmanaged<DedicatedThread.Job>.fromOpaque(job!).takeRetainedValue().run()
    return nil
}
