import GStreamerShim

/// A GStreamer pipeline (RTSP camera, libcamera camera, any `gst:` pipeline) as a
/// ``FrameSource`` that survives faults, as ``V4L2Source`` does.
///
/// An error, the end of the stream, or no frame for `settings.frameTimeout` (longer by
/// `settings.startGrace` before the first frame) tears the pipeline down; it is built
/// again following `settings.backoff`: at once after a stream that delivered frames, then
/// waiting longer after each start that delivered none. `withNextFrame` keeps trying until
/// it has a frame or is stopped.
///
/// Only the newest frame is kept: frames that arrive while the consumer is busy replace the
/// waiting one and count as drops. Frame sequence numbers count every frame the pipeline
/// delivered, across restarts. Frames are lent mapped, straight from GStreamer's buffer.
public final class GStreamerSource: CaptureEventReporting {
    public let name: String
    public let status = StatusBoard()
    public let stopSignal: StopSignal
    public let settings: StreamSettings
    /// Called on the capturing thread when the stream starts, fails, recovers or changes format.
    public var onEvent: ((CaptureEvent) -> Void)?

    private let description: String
    /// The password in the description, hidden from what GStreamer reports.
    private let secret: String?
    private var stream: GStreamerStream?
    private var format: StreamFormat?
    private var openedAt = ContinuousClock.now
    private var lastFrameAt: ContinuousClock.Instant?
    private var faultTime: ContinuousClock.Instant?
    private var retryAttempt = 0
    private var hasStreamed = false
    /// Frames before the current stream, so sequences keep counting across restarts.
    private var sequenceBase: UInt64 = 0
    private var lastSequence: UInt64 = 0
    private var lastReplaced: UInt64 = 0
    private let clock = ContinuousClock()

    /// Loads GStreamer and checks the pipeline (throwing if GStreamer is not installed, the
    /// pipeline is not valid or an element it needs is missing: what no retry can fix) but
    /// starts nothing: the pipeline starts in `withNextFrame`.
    public init(
        _ pipeline: GStreamerPipeline, settings: StreamSettings = StreamSettings(), stopSignal: StopSignal = StopSignal()
    ) throws(CaptureFault) {
        try GStreamerLibrary.load()
        name = pipeline.displayName
        self.settings = settings
        self.stopSignal = stopSignal
        description = pipeline.description(settings: settings, hasElement: GStreamerLibrary.hasElement)
        var problem = ye_gst_event()
        guard ye_gst_check_pipeline(description, &problem) else { throw .streamFailed(StreamFailure(problem)) }
        secret =
            if case .rtsp(let url) = pipeline, let password = RTSPURL.password(in: url) {
                password
            } else {
                settings.credentials?.password
            }
    }

    public func withNextFrame<Result, Failure: Error>(
        _ body: (FrameInfo, RawSpan) throws(Failure) -> Result
    ) throws(Failure) -> Result? {
        while !stopSignal.isStopped {
            guard let stream = startIfNeeded() else { continue }
            switch stream.wait(timeout: remainingTime()) {
            case .stopped:
                break
            case .timedOut:
                if remainingTime() <= .zero {
                    status.update { $0.counters.timeouts += 1 }
                    lose(because: .timeout(settings.frameDeadline(hasFrames: lastFrameAt != nil)))
                }
                continue
            case .message:
                while let message = stream.nextMessage() {
                    guard message.isWarning else {
                        lose(because: .streamFailed(message.hiding(secret)))
                        break
                    }
                    onEvent?(.warning(message.hiding(secret).description))
                }
                continue
            case .frame:
                let outcome = try stream.withNewestFrame { (frame, bytes) throws(Failure) -> Result? in
                    guard let info = accept(frame) else { return nil }
                    return try body(info, bytes)
                }
                switch outcome {
                case .success(let result?)?: return result
                case .failure(let failure)?: lose(because: .streamFailed(failure.hiding(secret)))
                case .success(nil)?, nil: break
                }
                continue
            }
            break
        }
        stream = nil
        status.update { $0.state = .finished(reason: nil) }
        return nil
    }

    /// Time left before the current stream counts as stalled.
    private func remainingTime() -> Duration {
        settings.frameDeadline(hasFrames: lastFrameAt != nil) - (clock.now - (lastFrameAt ?? openedAt))
    }

    /// The running stream, starting one if needed after the backoff delay; nil if that failed.
    private func startIfNeeded() -> GStreamerStream? {
        if let stream { return stream }
        let delay = settings.backoff.delay(beforeAttempt: retryAttempt)
        if delay > .zero && stopSignal.sleep(for: delay) { return nil }
        let retrying = faultTime != nil
        status.update {
            // After a fault the source is reconnecting until frames flow again, however many
            // attempts that takes; `opening` is only the very first start.
            if !retrying { $0.state = .opening }
            $0.counters.openAttempts += 1
        }
        do {
            let started = try GStreamerStream(description: description, stop: stopSignal)
            stream = started
            openedAt = clock.now
            lastFrameAt = nil
            lastReplaced = 0
            return started
        } catch {
            retryAttempt += 1
            record(error)
            return nil
        }
    }

    /// Drops the stream after `fault`. A stream that delivered frames is restarted at once;
    /// one that never did waits longer each time.
    private func lose(because fault: CaptureFault) {
        guard stream != nil else { return }
        stream = nil
        sequenceBase = lastSequence
        retryAttempt = lastFrameAt == nil ? retryAttempt + 1 : 0
        record(fault)
    }

    private func record(_ fault: CaptureFault) {
        if faultTime == nil { faultTime = clock.now }
        status.backOff(after: fault, retryIn: settings.backoff.delay(beforeAttempt: retryAttempt))
        onEvent?(.fault(fault))
    }

    /// Updates state and counters for a frame and describes it; nil (after losing the stream)
    /// for a layout yolo-edge cannot read.
    private func accept(_ frame: ye_gst_frame) -> FrameInfo? {
        guard let layout = FrameLayout(frame) else {
            lose(because: .noUsableFormat("GStreamer delivered a format other than NV12, YUY2, I420 or RGB"))
            return nil
        }
        let now = clock.now
        let isFirst = lastFrameAt == nil
        lastFrameAt = now
        let sequence = sequenceBase + frame.sequence
        lastSequence = sequence
        let replaced = frame.replaced - lastReplaced
        lastReplaced = frame.replaced
        let recovery = faultTime.map { now - $0 }
        faultTime = nil
        if isFirst || layout.format != format {
            openStreaming(layout.format, isFirst: isFirst)
        }
        status.update {
            $0.counters.frames += 1
            $0.counters.drops += Int(replaced)
            if let recovery { $0.lastRecoveryTime = recovery }
        }
        if let recovery { onEvent?(.recovered(after: recovery)) }
        return FrameInfo(
            format: layout.format.format, width: layout.format.width, height: layout.format.height,
            bytesPerLine: layout.format.bytesPerLine, sequence: UInt32(truncatingIfNeeded: sequence),
            timestamp: .nanoseconds(frame.monotonic_ns), chroma: layout.chroma)
    }

    /// Marks the stream as streaming in `newFormat`: on its first frame, and whenever the
    /// format changes mid-stream (a camera that switches resolution).
    private func openStreaming(_ newFormat: StreamFormat, isFirst: Bool) {
        format = newFormat
        let isReconnect = isFirst && hasStreamed
        if isFirst {
            hasStreamed = true
            retryAttempt = 0
        }
        status.update {
            $0.state = .streaming
            $0.format = newFormat
            if isFirst { $0.counters.opens += 1 }
            if isReconnect { $0.counters.reconnects += 1 }
        }
        onEvent?(.opened(newFormat))
    }
}

/// A GStreamer frame's layout in yolo-edge's terms.
private struct FrameLayout {
    var format: StreamFormat
    var chroma: ChromaPlanes?

    init?(_ frame: ye_gst_frame) {
        let pixelFormat: PixelFormat
        switch frame.format {
        case YE_GST_FORMAT_NV12: pixelFormat = .nv12
        case YE_GST_FORMAT_YUY2: pixelFormat = .yuyv
        case YE_GST_FORMAT_I420: pixelFormat = .i420
        case YE_GST_FORMAT_RGB: pixelFormat = .rgb24
        default: return nil
        }
        let (offsets, strides) = (frame.plane_offset, frame.plane_stride)
        // The luma plane (or the only one) is expected at the start; the preprocessor
        // reads it from offset 0.
        guard offsets.0 == 0 else { return nil }
        format = StreamFormat(
            format: pixelFormat, width: Int(frame.width), height: Int(frame.height),
            bytesPerLine: Int(strides.0), imageSize: frame.size,
            framesPerSecond: frame.frames_per_second > 0 ? frame.frames_per_second : nil, isConverted: false)
        switch pixelFormat {
        case .nv12: chroma = ChromaPlanes(offset: offsets.1, bytesPerLine: Int(strides.1))
        case .i420:
            guard strides.1 == strides.2 else { return nil }
            chroma = ChromaPlanes(offset: offsets.1, secondOffset: offsets.2, bytesPerLine: Int(strides.1))
        default: chroma = nil
        }
    }
}
