import GStreamerShim
import Glibc

/// One running pipeline, from `ye_gst_stream_open` to `ye_gst_stream_close` (at deinit).
/// Used from the capture thread only.
final class GStreamerStream {
    private let stream: OpaquePointer
    /// Polled together: the stop signal, a waiting sample, bus messages. Made once per stream.
    private var pollEntries: [pollfd]
    private var event = ye_gst_event()
    private var frame = ye_gst_frame()

    /// What waiting produced.
    enum Wait {
        case frame
        case message
        case timedOut
        case stopped
    }

    /// Starts `description`; throws what the shim reported when it cannot start.
    init(description: String, stop: StopSignal) throws(CaptureFault) {
        var failure = ye_gst_event()
        guard let opened = ye_gst_stream_open(description, &failure) else {
            throw .streamFailed(StreamFailure(failure))
        }
        stream = opened
        pollEntries = [
            pollfd(fd: stop.descriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: ye_gst_stream_wake_fd(opened), events: Int16(POLLIN), revents: 0),
            pollfd(fd: ye_gst_stream_bus_fd(opened), events: Int16(POLLIN), revents: 0),
        ]
    }

    deinit {
        ye_gst_stream_close(stream)
    }

    /// Waits up to `timeout` for a sample, a bus message or the stop signal. Bus messages
    /// come first, so an error is seen before frames that raced it.
    func wait(timeout: Duration) -> Wait {
        let result = pollEntries.withUnsafeMutableBufferPointer { entries in
            poll(entries.baseAddress, nfds_t(entries.count), milliseconds(timeout))
        }
        if result < 0 { return errno == EINTR ? .timedOut : .stopped }
        if result == 0 { return .timedOut }
        if pollEntries[0].revents != 0 { return .stopped }
        if pollEntries[2].revents != 0 { return .message }
        return .frame
    }

    /// The next error, warning or end of stream the pipeline posted, if any.
    func nextMessage() -> StreamFailure? {
        guard ye_gst_stream_next_event(stream, &event) else { return nil }
        return StreamFailure(event)
    }

    /// Lends the newest sample to `body`, mapped; nil if none waited.
    /// Throws (before `body`) when the sample cannot be used.
    func withNewestFrame<Result, Failure: Error>(
        _ body: (ye_gst_frame, RawSpan) throws(Failure) -> Result
    ) throws(Failure) -> Swift.Result<Result, StreamFailure>? {
        event.fault = YE_GST_FAULT_NONE
        guard ye_gst_stream_take_frame(stream, &frame, &event) else {
            return event.fault == YE_GST_FAULT_NONE ? nil : .failure(StreamFailure(event))
        }
        defer { ye_gst_stream_release_frame(stream) }
        let bytes = UnsafeRawBufferPointer(start: frame.data, count: frame.size)
        return .success(try body(frame, RawSpan(_unsafeBytes: bytes)))
    }
}
