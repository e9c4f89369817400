/// Something a camera source reports as it happens, for logs.
public enum CaptureEvent: Sendable, Equatable {
    /// The device is open and streaming in this format (again when the format changes).
    case opened(StreamFormat)
    /// Streaming stopped or an open failed; the source will retry.
    case fault(CaptureFault)
    /// Frames flow again, this long after the fault that stopped them.
    case recovered(after: Duration)
    /// Something the source's library warns about; streaming goes on.
    case warning(String)
}

/// A source that says what happens to it (opens, faults, recoveries) as it happens, through
/// `onEvent`, called on the capturing thread: cameras and streams, which recover by themselves.
public protocol CaptureEventReporting: FrameSource {
    var onEvent: ((CaptureEvent) -> Void)? { get set }
}
