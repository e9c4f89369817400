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
    /// Where a planar frame's chroma planes lie; nil for V4L2's single-planar layout, where
    /// they follow the luma rows.
    public var chroma: ChromaPlanes?

    public init(
        format: PixelFormat, width: Int, height: Int, bytesPerLine: Int,
        sequence: UInt32, timestamp: Duration, chroma: ChromaPlanes? = nil
    ) {
        self.format = format
        self.width = width
        self.height = height
        self.bytesPerLine = bytesPerLine
        self.sequence = sequence
        self.timestamp = timestamp
        self.chroma = chroma
    }
}

/// The chroma planes of an NV12 or I420 frame whose planes are padded or placed apart, as
/// decoders and GStreamer lay them out: byte offsets from the frame's start and a stride.
public struct ChromaPlanes: Sendable, Equatable {
    /// NV12's interleaved UV plane, or I420's U plane.
    public var offset: Int
    /// I420's V plane; unused for NV12.
    public var secondOffset: Int
    /// Bytes from one chroma row to the next (both planes of I420).
    public var bytesPerLine: Int

    public init(offset: Int, secondOffset: Int = 0, bytesPerLine: Int) {
        self.offset = offset
        self.secondOffset = secondOffset
        self.bytesPerLine = bytesPerLine
    }
}
