import Glibc

/// Replays raw YUYV or NV12 frames, stored back to back in a file or arriving on a pipe.
public final class RawReplaySource: FrameSource {
    public struct Configuration: Sendable, Equatable {
        /// A file, a FIFO, or "-" for standard input.
        public var path: String
        public var format: PixelFormat
        public var size: FrameSize
        /// Start again at the end of the file (regular files only).
        public var loops: Bool
        /// Deliver at this rate; nil delivers as fast as the consumer asks.
        public var framesPerSecond: Double?

        public init(
            path: String, format: PixelFormat, size: FrameSize, loops: Bool = false,
            framesPerSecond: Double? = nil
        ) {
            self.path = path
            self.format = format
            self.size = size
            self.loops = loops
            self.framesPerSecond = framesPerSecond
        }
    }

    public static let supportedFormats: [PixelFormat] = [.yuyv, .nv12]

    public let configuration: Configuration
    public let status = StatusBoard()
    public let stopSignal: StopSignal
    public var name: String { configuration.path }

    private let format: StreamFormat
    private let input: RawFrameReader
    private var frame: [UInt8]
    private var sequence: UInt32 = 0
    private var nextDue: ContinuousClock.Instant?

    /// Opens the input; throws if it cannot be read or cannot hold whole frames.
    public init(_ configuration: Configuration, stopSignal: StopSignal = StopSignal()) throws(CaptureFault) {
        guard Self.supportedFormats.contains(configuration.format),
            let byteCount = configuration.format.packedFrameByteCount(
                width: configuration.size.width, height: configuration.size.height),
            byteCount > 0
        else {
            throw .noUsableFormat("raw replay needs yuyv or nv12 with a positive size")
        }
        self.configuration = configuration
        self.stopSignal = stopSignal
        input = try RawFrameReader(path: configuration.path, frameByteCount: byteCount, rewinds: configuration.loops)
        frame = [UInt8](repeating: 0, count: byteCount)
        let bytesPerLine = configuration.format == .yuyv ? configuration.size.width * 2 : configuration.size.width
        format = StreamFormat(
            format: configuration.format, width: configuration.size.width,
            height: configuration.size.height, bytesPerLine: bytesPerLine, imageSize: byteCount,
            framesPerSecond: configuration.framesPerSecond, isConverted: false)
        status.update { [format] in
            $0.state = .streaming
            $0.counters.openAttempts = 1
            $0.counters.opens = 1
            $0.format = format
        }
    }

    public func withNextFrame<Result, Failure: Error>(
        _ body: (FrameInfo, RawSpan) throws(Failure) -> Result
    ) throws(Failure) -> Result? {
        guard waitUntilDue() else { return finish(nil) }
        do {
            guard try input.read(into: &frame, stop: stopSignal) else { return finish(nil) }
        } catch {
            return finish(error)
        }
        let info = FrameInfo(
            format: format.format, width: format.width, height: format.height,
            bytesPerLine: format.bytesPerLine, sequence: sequence, timestamp: monotonicNow())
        sequence &+= 1
        status.update { $0.counters.frames += 1 }
        let filledFrame = frame
        return try body(info, filledFrame.span.bytes)
    }

    /// Sleeps until the next frame is due when pacing; false if stopped meanwhile.
    private func waitUntilDue() -> Bool {
        guard let rate = configuration.framesPerSecond, rate > 0 else { return !stopSignal.isStopped }
        let clock = ContinuousClock()
        let due = nextDue ?? clock.now
        nextDue = due + .seconds(1 / rate)
        return !stopSignal.sleep(for: due - clock.now) && !stopSignal.isStopped
    }

    private func finish<Result>(_ fault: CaptureFault?) -> Result? {
        status.update { $0.state = .finished(reason: fault) }
        return nil
    }
}

/// The monotonic clock as V4L2 drivers stamp buffers with it.
func monotonicNow() -> Duration {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return .seconds(now.tv_sec) + .nanoseconds(now.tv_nsec)
}
