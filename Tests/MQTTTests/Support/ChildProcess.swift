import Dispatch
import Foundation
import Glibc
import Synchronization

/// Starts child processes that receive signals.
///
/// A child inherits the signal mask of the thread that spawns it, and the threads Swift
/// Testing runs tests on block nearly every signal: mosquitto would ignore SIGTERM and
/// `mosquitto_sub -W` would never time out (SIGALRM). So the child is spawned from a thread
/// that first unblocks them all.
enum ChildProcess {
    static func launch(_ process: Process) throws {
        let launch = Launch(process)
        Thread {
            var none = sigset_t()
            sigemptyset(&none)
            pthread_sigmask(SIG_SETMASK, &none, nil)
            launch.run()
        }.start()
        try launch.wait()
    }

    /// Hands the process to the spawning thread and its outcome back.
    private final class Launch: @unchecked Sendable {
        private let process: Process  // touched by the spawning thread only, until `done`
        private let done = DispatchSemaphore(value: 0)
        private let failure = Mutex<(any Error)?>(nil)

        init(_ process: Process) {
            self.process = process
        }

        func run() {
            do {
                try process.run()
            } catch {
                failure.withLock { $0 = error }
            }
            done.signal()
        }

        func wait() throws {
            done.wait()
            if let error = failure.withLock({ $0 }) { throw error }
        }
    }
}
