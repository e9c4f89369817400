/// Describes one frame lent by a ``FrameSource``; the pixels come alongside as a `RawSpan`.
public struct FrameInfo: Sendable, Equatable {
    public var format: PixelFormat
    public var width: Int
    public var height: Int
    /// Bytes from one row to the next (of the luma plane for NV12).
    public var bytesPerLine: Int
    /// The source's frame counter; a gap means frames were dropped before reaching us.
    public var sequence: UInt32
    /// When the frame was captured, on the monotonic clock (driver timestamp for cameras).
    public var timestamp: Duration

    public init(
        format: PixelFormat, width: Int, height: Int, bytesPerLine: Int,
        sequence: UInt32, timestamp: Duration
    ) {
        self.format = format
        self.width = width
        self.height = height
        self.bytesPerLine = bytesPerLine
        self.sequence = sequence
        self.timestamp = timestamp
    }
}
