import Glibc
import CV4L2

/// A V4L2 camera as a ``FrameSource`` that survives faults.
///
/// A missing device, an unplug (ENODEV), a streaming error (EIO, POLLERR), repeated
/// corrupt buffers or a frame timeout all lead to the same recovery: unmap the buffers,
/// close the node, reopen it following the backoff schedule, and negotiate the format
/// again. `withNextFrame` keeps trying until it has a frame or is stopped.
public final class V4L2Source: CaptureEventReporting {
    public let name: String
    public let status = StatusBoard()
    public let stopSignal: StopSignal
    public let request: CaptureRequest
    public let policy: RecoveryPolicy
    /// Called on the capturing thread when the device opens, fails or recovers.
    public var onEvent: ((CaptureEvent) -> Void)?

    private var stream: V4L2Stream?
    /// When frames stopped flowing; cleared by the first frame after recovery.
    private var faultTime: ContinuousClock.Instant?
    private var retryAttempt = 0
    private var hasStreamed = false
    private var lastSequence: UInt32?
    private var corruptInARow = 0
    private let clock = ContinuousClock()

    /// Creates the source without touching the device: opening happens in `withNextFrame`,
    /// so a camera that is missing at start is simply waited for.
    public init(
        path: String, request: CaptureRequest = CaptureRequest(),
        policy: RecoveryPolicy = RecoveryPolicy(), stopSignal: StopSignal = StopSignal()
    ) {
        self.name = path
        self.request = request
        self.policy = policy
        self.stopSignal = stopSignal
    }

    public func withNextFrame<Result, Failure: Error>(
        _ body: (FrameInfo, RawSpan) throws(Failure) -> Result
    ) throws(Failure) -> Result? {
        while !stopSignal.isStopped {
            guard let stream = openIfNeeded() else { continue }
            let buffer: v4l2_buffer
            do {
                let timeout = max(policy.frameTimeout, .seconds(3 / (stream.format.framesPerSecond ?? 1)))
                guard case .frame(let filled) = try stream.waitForBuffer(timeout: timeout)
                else { break }
                buffer = filled
            } catch {
                lose(stream, because: error)
                continue
            }
            guard buffer.flags & UInt32(V4L2_BUF_FLAG_ERROR) == 0 else {
                skipCorrupt(buffer, of: stream)
                continue
            }
            let frame = accept(buffer, of: stream)
            defer { requeue(buffer, of: stream) }
            return try stream.withBytes(ofBuffer: Int(buffer.index), byteCount: frameBytes(buffer, of: stream)) {
                (bytes) throws(Failure) -> Result in try body(frame, bytes)
            }
        }
        stream = nil
        status.update { $0.state = .finished(reason: nil) }
        return nil
    }

    /// The current stream, opening one if needed after the backoff delay; nil if that failed.
    private func openIfNeeded() -> V4L2Stream? {
        if let stream { return stream }
        let delay = policy.backoff.delay(beforeAttempt: retryAttempt)
        if delay > .zero && stopSignal.sleep(for: delay) { return nil }
        status.update {
            $0.state = .opening
            $0.counters.openAttempts += 1
        }
        do {
            let opened = try V4L2Stream(
                path: name, request: request, bufferCount: policy.bufferCount, stop: stopSignal)
            stream = opened
            retryAttempt = 0
            lastSequence = nil
            corruptInARow = 0
            let isReconnect = hasStreamed
            hasStreamed = true
            status.update {
                $0.state = .streaming
                $0.format = opened.format
                $0.counters.opens += 1
                if isReconnect { $0.counters.reconnects += 1 }
            }
            onEvent?(.opened(opened.format))
            return opened
        } catch {
            retryAttempt += 1
            record(error)
            return nil
        }
    }

    /// Drops the stream (unmapping and closing it) after `fault`; the next open is immediate.
    private func lose(_ lost: V4L2Stream, because fault: CaptureFault) {
        guard stream === lost else { return }
        stream = nil
        retryAttempt = 0
        if case .timeout = fault {
            status.update { $0.counters.timeouts += 1 }
        }
        record(fault)
    }

    private func record(_ fault: CaptureFault) {
        if faultTime == nil { faultTime = clock.now }
        status.backOff(after: fault, retryIn: policy.backoff.delay(beforeAttempt: retryAttempt))
        onEvent?(.fault(fault))
    }

    private func skipCorrupt(_ buffer: v4l2_buffer, of stream: V4L2Stream) {
        corruptInARow += 1
        status.update { $0.counters.corruptBuffers += 1 }
        if corruptInARow >= policy.corruptBufferLimit {
            lose(stream, because: .corruptBuffers(count: corruptInARow))
        } else {
            requeue(buffer, of: stream)
        }
    }

    /// Updates counters for a good buffer and describes it.
    private func accept(_ buffer: v4l2_buffer, of stream: V4L2Stream) -> FrameInfo {
        corruptInARow = 0
        let gap = lastSequence.map { Int(buffer.sequence &- $0) - 1 } ?? 0
        lastSequence = buffer.sequence
        let recovery = faultTime.map { clock.now - $0 }
        faultTime = nil
        status.update {
            $0.counters.frames += 1
            $0.counters.drops += max(gap, 0)
            if let recovery { $0.lastRecoveryTime = recovery }
        }
        if let recovery { onEvent?(.recovered(after: recovery)) }
        let format = stream.format
        return FrameInfo(
            format: format.format, width: format.width, height: format.height,
            bytesPerLine: format.bytesPerLine, sequence: buffer.sequence,
            timestamp: .seconds(buffer.timestamp.tv_sec) + .microseconds(buffer.timestamp.tv_usec))
    }

    private func frameBytes(_ buffer: v4l2_buffer, of stream: V4L2Stream) -> Int {
        buffer.bytesused > 0 ? Int(buffer.bytesused) : stream.format.imageSize
    }

    private func requeue(_ buffer: v4l2_buffer, of stream: V4L2Stream) {
        do {
            try stream.requeue(Int(buffer.index))
        } catch {
            lose(stream, because: error)
        }
    }
}
