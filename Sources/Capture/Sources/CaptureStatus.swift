/// A snapshot of a source's state and counters, for the daemon's status and diagnostics.
public struct CaptureStatus: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        /// Opening the device and negotiating the format.
        case opening
        /// Frames are flowing.
        case streaming
        /// Waiting `retryIn` before reopening after `reason`.
        case backoff(reason: CaptureFault, retryIn: Duration)
        /// No more frames: replay done, source stopped, or an unrecoverable file error.
        case finished(reason: CaptureFault?)
    }

    public var state: State = .opening
    public var counters = CaptureCounters()
    /// What the source currently delivers; nil until the first successful open.
    public var format: StreamFormat?
    /// The most recent fault, kept after recovery for diagnostics.
    public var lastFault: CaptureFault?
    /// Time from the last fault to the first frame after it, once recovered.
    public var lastRecoveryTime: Duration?

    public init() {}
}

/// Monotonic counters since the source was created.
public struct CaptureCounters: Sendable, Equatable {
    /// Open attempts, successful or not.
    public var openAttempts = 0
    /// Opens that reached streaming.
    public var opens = 0
    /// Successful opens after a fault had stopped streaming.
    public var reconnects = 0
    /// Waits for a frame that ran out of time.
    public var timeouts = 0
    /// Frames lost before we saw them, from gaps in sequence numbers.
    public var drops = 0
    /// Frames handed to the consumer.
    public var frames = 0
    /// Buffers skipped because the driver flagged them as corrupt.
    public var corruptBuffers = 0

    public init() {}
}
