/// An owned copy of one frame a ``FrameSource`` lent: its description and its bytes, kept after
/// the source has taken the frame back, e.g. to draw and encode it on another thread while
/// capture goes on.
///
/// The storage is reused: copying a frame no larger than any before allocates nothing, and
/// `reserveCapacity` can size it up front so that not even the first copy does (the capture
/// thread must not allocate once warm).
public struct SourceFrame: Sendable {
    /// The copied frame's description; a 0×0 frame until the first copy.
    public private(set) var info: FrameInfo
    /// The size of the copied frame; the storage may be larger.
    public private(set) var byteCount: Int
    private var storage: [UInt8]

    public init(capacity: Int = 0) {
        info = FrameInfo(format: .rgb24, width: 0, height: 0, bytesPerLine: 0, sequence: 0, timestamp: .zero)
        byteCount = 0
        storage = Array(repeating: 0, count: max(capacity, 0))
    }

    /// The largest frame, in bytes, that can be copied without allocating.
    public var capacity: Int { storage.count }

    /// Grows the storage to hold frames of `byteCount` bytes (for a stream, its
    /// `StreamFormat.imageSize`).
    public mutating func reserveCapacity(_ byteCount: Int) {
        guard byteCount > storage.count else { return }
        storage = Array(repeating: 0, count: byteCount)
    }

    /// Replaces the frame with a copy of `bytes`, described by `info`.
    public mutating func copy(_ info: FrameInfo, _ bytes: RawSpan) {
        reserveCapacity(bytes.byteCount)
        self.info = info
        byteCount = bytes.byteCount
        bytes.withUnsafeBytes { source in
            storage.withUnsafeMutableBytes { $0.copyMemory(from: source) }
        }
    }

    /// Lends the frame's bytes, as a source lends them.
    public func withBytes<Result, Failure: Error>(
        _ body: (RawSpan) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(storage.span.bytes.extracting(0..<byteCount))
    }
}
