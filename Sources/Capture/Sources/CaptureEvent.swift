/// Something a camera source reports as it happens, for logs.
public enum CaptureEvent: Sendable, Equatable {
    /// The device is open and streaming in this format.
    case opened(StreamFormat)
    /// Streaming stopped or an open failed; the source will retry.
    case fault(CaptureFault)
    /// Frames flow again, this long after the fault that stopped them.
    case recovered(after: Duration)
}
