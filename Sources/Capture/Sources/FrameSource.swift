/// Anything that produces frames for the pipeline: a camera, recorded raw frames, images.
///
/// A source is used from one thread at a time. Frames are lent, not copied: the bytes in
/// `withNextFrame`'s closure belong to the source (for a camera, a driver buffer) and go
/// back to it as soon as the closure returns, so the closure should convert the frame
/// and return promptly. `status` and `stopSignal` may be used from any thread.
public protocol FrameSource: AnyObject {
    /// What the source reads, for logs, e.g. "/dev/video0".
    var name: String { get }
    /// State and counters, readable from any thread.
    var status: StatusBoard { get }
    /// Raising it makes a blocked or later `withNextFrame` return nil.
    var stopSignal: StopSignal { get }

    /// Waits for the next frame and lends it to `body`. Returns nil once the source has
    /// ended (replay finished or stop requested). Source faults never escape: a camera
    /// recovers by itself and reports progress through `status`.
    func withNextFrame<Result, Failure: Error>(
        _ body: (FrameInfo, RawSpan) throws(Failure) -> Result
    ) throws(Failure) -> Result?
}
