/// A value handed to the thread that is started with it, which takes it out.
///
/// A value with buffers (a frame's model input) captured by the closure that starts a thread
/// stays referenced by that closure for the thread's life: the thread's first write into its
/// copy then copies the buffers, and both stay resident (two model inputs of 1.2 MB each did,
/// docs/measurements.md). Taken out of a handover, the thread's value is the only reference.
///
/// `@unchecked Sendable`: filled before the thread starts (which orders the write before the
/// thread's reads) and taken once, by that thread.
final class Handover<Value>: @unchecked Sendable {
    private var value: Value?

    init(_ value: Value) {
        self.value = value
    }

    /// The value, which the handover no longer holds. Called once.
    func take() -> Value {
        defer { value = nil }
        return value!
    }
}
