/// Tuning of a camera source's fault handling.
public struct RecoveryPolicy: Sendable, Equatable {
    public var backoff: BackoffSchedule
    /// A frame must arrive within this time, or within three frame intervals if longer.
    public var frameTimeout: Duration
    /// Buffers flagged corrupt in a row before the device is reopened; single ones are
    /// skipped, as cameras (UVC) flag damaged frames routinely.
    public var corruptBufferLimit: Int
    /// The fixed number of mmap buffers, allocated once per open.
    public var bufferCount: Int

    public init(
        backoff: BackoffSchedule = BackoffSchedule(), frameTimeout: Duration = .seconds(2),
        corruptBufferLimit: Int = 3, bufferCount: Int = 4
    ) {
        self.backoff = backoff
        self.frameTimeout = frameTimeout
        self.corruptBufferLimit = corruptBufferLimit
        self.bufferCount = bufferCount
    }
}
