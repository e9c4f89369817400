/// A one-place mailbox that keeps only the newest value.
///
/// Values are swapped in and out, or written and read in place, never copied: the producer hands
/// in its filled value and gets back the slot's previous one to refill (or fills the slot's
/// buffer itself), so a fixed set of preallocated buffers circulates between two threads without
/// allocation. A value nobody took before the next `put` is
/// replaced, and `put` reports it so the caller can count the drop. Nothing ever queues.
final class NewestSlot<Value: Sendable>: @unchecked Sendable {
    // The lock guards every stored property below.
    private let lock = ConditionLock()
    private var value: Value
    private var isFresh = false
    private var isClosed = false

    /// - Parameter initial: the slot's first (spare) buffer; it is not handed out as a value.
    init(spare initial: Value) {
        value = initial
    }

    /// Swaps `incoming` into the slot; `incoming` receives the slot's previous buffer.
    /// - Returns: true if the previous value had not been taken, i.e. it was dropped.
    @discardableResult
    func put(_ incoming: inout Value) -> Bool {
        lock.withLock { _ in
            swap(&value, &incoming)
            let replacedUntaken = isFresh
            isFresh = true
            lock.signal()
            return replacedUntaken
        }
    }

    /// Lets `write` fill the slot's own buffer in place, under the lock, and makes it the new
    /// value: a producer that writes straight into the slot needs no buffer of its own. A
    /// `take` waits while `write` runs, so `write` must only do its own work, never wait for
    /// input. If `write` throws, the slot must be as it was (`write` checks what it writes
    /// before it changes the buffer): the value stays, fresh or not.
    /// - Returns: true if the previous value had not been taken, i.e. it was overwritten.
    func put<Failure: Error>(writing write: (inout Value) throws(Failure) -> Void) throws(Failure) -> Bool {
        try lock.withLock { (_) throws(Failure) -> Bool in
            try write(&value)
            let replacedUntaken = isFresh
            isFresh = true
            lock.signal()
            return replacedUntaken
        }
    }

    /// Waits up to `timeout` seconds for a value that was not taken yet and swaps it into
    /// `outgoing`. Returns false on timeout or once the slot is closed.
    func take(_ outgoing: inout Value, timeout: Double) -> Bool {
        take(timeout: timeout) { swap(&$0, &outgoing) }
    }

    /// Waits up to `timeout` seconds for a value that was not taken yet and lets `read` take
    /// what it needs from it in place, under the lock; the value's buffer stays in the slot as
    /// the producer's next one. A consumer that copies its input out at once so holds no buffer
    /// of its own. `read` must be quick: the producer's `put` waits for it. Returns false on
    /// timeout or once the slot is closed.
    func take(timeout: Double, reading read: (inout Value) -> Void) -> Bool {
        let deadline = ConditionLock.deadline(after: timeout)
        return lock.withLock { waiting in
            while !isFresh && !isClosed {
                if !waiting.wait(until: deadline) { return false }
            }
            guard isFresh, !isClosed else { return false }
            read(&value)
            isFresh = false
            return true
        }
    }

    /// Wakes every waiter; later `take`s return false at once.
    func close() {
        lock.withLock { _ in
            isClosed = true
            lock.broadcast()
        }
    }
}
