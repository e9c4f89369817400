import Glibc

/// Why a source stopped delivering frames. Camera faults are recovered from, never fatal.
public enum CaptureFault: Error, Sendable, Equatable, CustomStringConvertible {
    /// The device node could not be opened (missing, unplugged, no permission).
    case cannotOpen(path: String, errno: Int32)
    /// The node exists but is not a single-planar video capture device.
    case notACaptureDevice(path: String, driver: String)
    /// None of the requested pixel formats is offered, or the driver granted another.
    case noUsableFormat(String)
    /// A V4L2 or system call failed; ENODEV means unplugged, EIO a streaming error.
    case callFailed(call: String, errno: Int32)
    /// poll() reported an error or hang-up on the device.
    case pollError(events: Int16)
    /// Several buffers in a row came back flagged as corrupt.
    case corruptBuffers(count: Int)
    /// No frame arrived within the allowed time.
    case timeout(Duration)
    /// A file source could not be read.
    case readFailed(path: String, errno: Int32)
    /// GStreamer, which `gst:`, `rtsp:` and `libcamera:` sources need, cannot be loaded.
    case gstreamerUnavailable(String)
    /// A GStreamer pipeline failed or ended.
    case streamFailed(StreamFailure)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let code): "cannot open \(path): \(errorText(code))"
        case .notACaptureDevice(let path, let driver):
            "\(path) (driver \(driver)) is not a single-planar video capture device"
        case .noUsableFormat(let detail): "no usable format: \(detail)"
        case .callFailed(let call, let code): "\(call) failed: \(errorText(code))"
        case .pollError(let events): "poll reported error events 0x\(String(events, radix: 16))"
        case .corruptBuffers(let count): "\(count) corrupt buffers in a row"
        case .timeout(let limit): "no frame within \(limit)"
        case .readFailed(let path, let code): "cannot read \(path): \(errorText(code))"
        case .gstreamerUnavailable(let reason):
            """
            GStreamer cannot be loaded (\(reason)); gst:, rtsp: and libcamera: sources need it: \
            install libgstreamer1.0-0, libgstreamer-plugins-base1.0-0 and the plugins the source uses \
            (docs/cameras.md)
            """
        case .streamFailed(let failure): failure.description
        }
    }
}

/// The C library's message for an errno value.
func errorText(_ code: Int32) -> String {
    String(cString: strerror(code))
}
