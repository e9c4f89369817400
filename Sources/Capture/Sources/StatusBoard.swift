import Synchronization

/// Holds a source's ``CaptureStatus``: written by the capture thread, read from anywhere.
public final class StatusBoard: Sendable {
    private let status = Mutex(CaptureStatus())

    public init() {}

    public func snapshot() -> CaptureStatus {
        status.withLock { $0 }
    }

    func update(_ change: (inout CaptureStatus) -> Void) {
        status.withLock { change(&$0) }
    }

    /// Records that `fault` stopped frames and the source retries in `retryIn`.
    func backOff(after fault: CaptureFault, retryIn: Duration) {
        update {
            $0.state = .backoff(reason: fault, retryIn: retryIn)
            $0.lastFault = fault
        }
    }
}
