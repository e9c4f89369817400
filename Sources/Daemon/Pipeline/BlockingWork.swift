import DedicatedThreads
import Synchronization

/// Runs slow blocking work (reading a config, loading a model, joining threads) on its own
/// thread, so that it never occupies one of the few threads Swift concurrency runs tasks on.
///
/// Cancelling the waiting task ends the wait at once with `CancellationError`; the work then
/// finishes on its thread and its result is dropped. So a read stuck in the kernel (a hung
/// network mount) cannot hold up shutdown past its budget.
enum BlockingWork {
    static func run<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        let waiter = Waiter<Result>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                guard waiter.wait(with: continuation) else { return }
                DedicatedThread.start(name: "yolo-blocking") { waiter.finish(Swift.Result { try work() }) }
            }
        } onCancel: {
            waiter.finish(.failure(CancellationError()))
        }
    }

    /// Resumes the waiting task once: with the work's result, or on cancellation, whichever
    /// comes first.
    private final class Waiter<Value: Sendable>: Sendable {
        private enum State {
            case idle
            case waiting(CheckedContinuation<Value, any Error>)
            case finished
        }

        private let state = Mutex(State.idle)

        /// - Returns: false if cancelled before the wait began (the continuation is resumed).
        func wait(with continuation: CheckedContinuation<Value, any Error>) -> Bool {
            let cancelled = state.withLock { state -> Bool in
                guard case .idle = state else { return true }
                state = .waiting(continuation)
                return false
            }
            if cancelled { continuation.resume(throwing: CancellationError()) }
            return !cancelled
        }

        func finish(_ result: Result<Value, any Error>) {
            let continuation = state.withLock { state -> CheckedContinuation<Value, any Error>? in
                defer { state = .finished }
                if case .waiting(let continuation) = state { return continuation }
                return nil
            }
            continuation?.resume(with: result)
        }
    }
}
