/// Measurements over a run of frames: the rate from the sources' own timestamps, frames
/// too small for their format, and how long each recovery took.
public struct CaptureStatistics: Sendable, Equatable {
    public private(set) var frames = 0
    /// Frames with fewer bytes than their (uncompressed) format needs.
    public private(set) var shortFrames = 0
    /// Every format the source opened with, in order; more than one entry means a reconnect.
    public private(set) var openedFormats: [StreamFormat] = []
    /// Time from each fault to the next frame.
    public private(set) var recoveryTimes: [Duration] = []
    /// Indexes of frames that came after a gap in sequence numbers (dropped frames).
    public private(set) var framesAfterGaps: [Int] = []
    private var lastSequence: UInt32?
    private var firstTimestamp: Duration?
    private var lastTimestamp: Duration?

    public init() {}

    public mutating func record(_ frame: FrameInfo, byteCount: Int) {
        // A sequence that goes back means the source restarted (a reconnect), not a drop.
        if let lastSequence, frame.sequence > lastSequence &+ 1 { framesAfterGaps.append(frames) }
        lastSequence = frame.sequence
        frames += 1
        let needed = frame.format.packedFrameByteCount(width: frame.width, height: frame.height) ?? 1
        let rowsNeeded = frame.format == .yuyv || frame.format == .rgb24 ? frame.bytesPerLine * frame.height : 0
        if byteCount < max(needed, rowsNeeded) { shortFrames += 1 }
        if firstTimestamp == nil { firstTimestamp = frame.timestamp }
        lastTimestamp = frame.timestamp
    }

    public mutating func record(_ event: CaptureEvent) {
        switch event {
        case .opened(let format): openedFormats.append(format)
        case .recovered(let time): recoveryTimes.append(time)
        case .fault, .warning: break
        }
    }

    /// Frames per second between the first and last frame's timestamps.
    public var measuredFramesPerSecond: Double? {
        guard frames > 1, let firstTimestamp, let lastTimestamp, lastTimestamp > firstTimestamp
        else { return nil }
        return Double(frames - 1) / (lastTimestamp - firstTimestamp).seconds
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number.
    public var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
