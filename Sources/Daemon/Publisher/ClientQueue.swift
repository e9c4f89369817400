import NIOCore
import Synchronization

/// One client's bounded outgoing queue.
///
/// The publisher offers every message without waiting. When the queue is full the oldest message
/// is dropped and counted; the client learns of it through an `overflow` line before its next
/// message. A queue that stays full for longer than the stall timeout is finished, and the
/// registry disconnects the client. The connection's writer is the only consumer.
final class ClientQueue: Sendable {
    enum Outcome: Equatable {
        case queued
        case droppedOldest
        /// Full for too long, or already finished: disconnect this client.
        case evict
    }

    private struct State {
        var ring: [ByteBuffer?]
        var head = 0
        var count = 0
        var droppedSinceReport: UInt64 = 0
        var droppedTotal: UInt64 = 0
        var fullSince: UInt64?
        var waiter: CheckedContinuation<ByteBuffer?, Never>?
        var isFinished = false

        mutating func popFront() -> ByteBuffer? {
            if droppedSinceReport > 0 {
                defer { droppedSinceReport = 0 }
                return ProtocolMessages.overflow(dropped: droppedSinceReport, droppedTotal: droppedTotal)
            }
            guard count > 0 else { return nil }
            defer {
                ring[head] = nil
                head = (head + 1) % ring.count
                count -= 1
                fullSince = nil
            }
            return ring[head]
        }
    }

    private let state: Mutex<State>
    private let stallTimeoutNanoseconds: UInt64

    init(capacity: Int, stallTimeout: Double) {
        precondition(capacity > 0, "a client queue needs room for one message")
        state = Mutex(State(ring: Array(repeating: nil, count: capacity)))
        stallTimeoutNanoseconds = UInt64(stallTimeout * 1e9)
    }

    /// Adds `message` without ever waiting.
    /// - Parameter now: CLOCK_MONOTONIC nanoseconds, to time how long the queue has been full.
    func offer(_ message: ByteBuffer, now: UInt64 = MonotonicClock.now()) -> Outcome {
        let (outcome, waiter): (Outcome, CheckedContinuation<ByteBuffer?, Never>?) = state.withLock { state in
            guard !state.isFinished else { return (.evict, nil) }
            if let waiter = state.waiter {
                state.waiter = nil
                return (.queued, waiter)
            }
            var outcome = Outcome.queued
            let capacity = state.ring.count
            if state.count == capacity {
                // Offers come from several threads, each with its own `now`; one taken a moment
                // before `fullSince` was set counts as no time full, not as an overflow.
                if let since = state.fullSince, now > since, now - since > stallTimeoutNanoseconds {
                    state.isFinished = true
                    return (.evict, nil)
                }
                state.fullSince = state.fullSince ?? now
                state.ring[state.head] = nil
                state.head = (state.head + 1) % capacity
                state.count -= 1
                state.droppedSinceReport += 1
                state.droppedTotal += 1
                outcome = .droppedOldest
            }
            state.ring[(state.head + state.count) % capacity] = message
            state.count += 1
            return (outcome, nil)
        }
        waiter?.resume(returning: message)
        return outcome
    }

    /// The next message, waiting for one if needed; nil once the queue is finished or the
    /// calling task is cancelled.
    func next() async -> ByteBuffer? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ByteBuffer?, Never>) in
                let ready: ByteBuffer?? = state.withLock { state in
                    if state.isFinished { return .some(nil) }
                    if let message = state.popFront() { return message }
                    if Task.isCancelled { return .some(nil) }
                    state.waiter = continuation
                    return .none
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            finish()
        }
    }

    /// Stops the queue: the consumer's `next()` returns nil and later offers are refused.
    func finish() {
        let waiter = state.withLock { state in
            state.isFinished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    /// Messages this client lost because it did not keep up.
    var droppedTotal: UInt64 { state.withLock { $0.droppedTotal } }
}
