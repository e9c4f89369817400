import CV4L2
import Glibc

/// A camera that is open, negotiated and streaming into a fixed ring of mmap buffers.
/// Everything is undone on deinit: stream off, buffers unmapped, node closed.
final class V4L2Stream {
    let device: V4L2Device
    let format: StreamFormat
    private var buffers: [UnsafeMutableRawBufferPointer] = []
    /// Polled for frames: the device, and the stop signal. Allocated once, not per frame.
    private var pollEntries: [pollfd]

    /// What waiting for a frame produced.
    enum Wait {
        case frame(v4l2_buffer)
        case stopped
    }

    init(path: String, request: CaptureRequest, bufferCount: Int, stop: StopSignal) throws(CaptureFault) {
        device = try V4L2Device(path: path)
        pollEntries = [
            pollfd(fd: device.descriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: stop.descriptor, events: Int16(POLLIN), revents: 0),
        ]
        let capabilities = try device.queryCapabilities()
        guard capabilities.canCapture, capabilities.canStream else {
            throw .notACaptureDevice(path: path, driver: capabilities.driver)
        }
        format = try device.negotiate(request)
        try mapBuffers(count: bufferCount)
        for index in buffers.indices {
            try requeue(index)
        }
        var type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        try device.ioctl(CV4L2_VIDIOC_STREAMON, "VIDIOC_STREAMON", &type)
    }

    deinit {
        var type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        _ = cv4l2_ioctl(device.descriptor, CV4L2_VIDIOC_STREAMOFF, &type)
        for buffer in buffers {
            v4l2_munmap(buffer.baseAddress, buffer.count)
        }
    }

    private func mapBuffers(count: Int) throws(CaptureFault) {
        var request = v4l2_requestbuffers()
        request.count = UInt32(count)
        request.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        request.memory = V4L2_MEMORY_MMAP.rawValue
        try device.ioctl(CV4L2_VIDIOC_REQBUFS, "VIDIOC_REQBUFS", &request)
        guard request.count > 0 else { throw .callFailed(call: "VIDIOC_REQBUFS", errno: ENOMEM) }
        for index in 0..<request.count {
            var buffer = emptyBuffer(index: index)
            try device.ioctl(CV4L2_VIDIOC_QUERYBUF, "VIDIOC_QUERYBUF", &buffer)
            let length = Int(buffer.length)
            let address = v4l2_mmap(
                nil, length, PROT_READ | PROT_WRITE, MAP_SHARED, device.descriptor,
                Int64(buffer.m.offset))
            guard let address, address != MAP_FAILED else {
                throw .callFailed(call: "v4l2_mmap", errno: errno)
            }
            buffers.append(UnsafeMutableRawBufferPointer(start: address, count: length))
        }
    }

    /// Waits up to `timeout` for a filled buffer, or until the stop signal is raised.
    func waitForBuffer(timeout: Duration) throws(CaptureFault) -> Wait {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let remaining = deadline - clock.now
            guard remaining > .zero else { throw .timeout(timeout) }
            let ready = poll(&pollEntries, 2, milliseconds(remaining))
            if ready < 0 {
                if errno == EINTR { continue }
                throw .callFailed(call: "poll", errno: errno)
            }
            if pollEntries[1].revents != 0 { return .stopped }
            let events = pollEntries[0].revents
            if events == 0 { continue }
            // On POLLERR try DQBUF anyway: its errno (ENODEV, EIO) says what went wrong.
            if let buffer = try dequeue() { return .frame(buffer) }
            if events & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 { throw .pollError(events: events) }
        }
    }

    /// Takes a filled buffer from the driver; nil if none is ready yet.
    private func dequeue() throws(CaptureFault) -> v4l2_buffer? {
        var buffer = emptyBuffer(index: 0)
        do throws(CaptureFault) {
            try device.ioctl(CV4L2_VIDIOC_DQBUF, "VIDIOC_DQBUF", &buffer)
        } catch .callFailed(_, EAGAIN) {
            return nil
        }
        return buffer
    }

    /// The mapped memory of buffer `index`, `byteCount` bytes of it, for the duration of `body`.
    func withBytes<Result, Failure: Error>(
        ofBuffer index: Int, byteCount: Int, _ body: (RawSpan) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let bytes = UnsafeRawBufferPointer(rebasing: buffers[index][..<min(byteCount, buffers[index].count)])
        return try body(RawSpan(_unsafeBytes: bytes))
    }

    /// Hands buffer `index` back to the driver to be filled again.
    func requeue(_ index: Int) throws(CaptureFault) {
        var buffer = emptyBuffer(index: UInt32(index))
        try device.ioctl(CV4L2_VIDIOC_QBUF, "VIDIOC_QBUF", &buffer)
    }

    private func emptyBuffer(index: UInt32) -> v4l2_buffer {
        var buffer = v4l2_buffer()
        buffer.index = index
        buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        buffer.memory = V4L2_MEMORY_MMAP.rawValue
        return buffer
    }
}
