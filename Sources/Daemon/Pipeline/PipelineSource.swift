/// Where frames come from: a camera, a directory of images, a replay file.
///
/// The daemon calls `makeFrame()` once when a pipeline starts: the newest-frame slot's frame,
/// which the source writes each new frame into (through a `FrameSink`) and the detector copies
/// its input out of, each under the slot's lock. No thread holds a frame of its own, so a source
/// that refills the frame in place makes the capture path allocation-free.
///
/// `nextFrame(into:)` runs on the capture thread only; `snapshot()` and `close()` may be called
/// from any thread.
///
/// On reload the daemon builds the new source while the old one still streams (so a camera must
/// be opened in `nextFrame`, not when the source is made). If the new source can take over the
/// old one's device (`takeOver(from:)`), the old capture thread just ends after its current
/// frame. Otherwise the daemon closes the old source and waits until its capture thread has
/// seen `nextFrame` return nil, which a source returns only after it released its device; only
/// then does the new source's `nextFrame` run. A device busy for another reason is retried:
/// the source reports `reconnecting` until it opens.
protocol PipelineSource: AnyObject, Sendable {
    /// The storage one frame needs, typically the model's preprocessed input tensor.
    associatedtype Frame: Sendable

    /// Shown to clients in `hello` and in logs, e.g. `/dev/video0` or `images:/data/coco128`.
    var name: String { get }

    /// Allocates storage for one frame.
    func makeFrame() -> Frame

    /// Waits for the next frame, then writes it through `sink` (once, and only once it has the
    /// frame: the detector waits while it writes) and returns what `sink.write` returned.
    ///
    /// Returns nil when no frame came within a short time (at most about 200 ms, so the capture
    /// thread can notice a stop), while the source reconnects, or after it has ended; the state in
    /// `snapshot()` says which. Throws only for a fault the source cannot recover from by itself,
    /// or a frame it cannot convert (before writing anything of it); the daemon logs it and asks
    /// again after a pause, it never exits for a camera fault.
    func nextFrame(into sink: FrameSink<Frame>) throws -> PipelineFrameInfo?

    /// Current state and counters, for `status` lines, `STATUS=` and the watchdog.
    func snapshot() -> SourceSnapshot

    /// Asks the source to stop. A `nextFrame` in progress returns soon after; the next call
    /// releases the device and returns nil, and so does every later one.
    func close()

    /// Whether this source reads what `previous` reads and can take over its open device, so
    /// that a reload that changes the model but not the source keeps the camera streaming.
    func canTakeOver(from previous: Self) -> Bool

    /// Takes over `previous`'s open device instead of opening its own. Called only after
    /// `canTakeOver(from:)` said yes and `previous`'s capture thread ended leaving the device
    /// open, before this source's first `nextFrame`.
    func takeOver(from previous: Self)

    /// Called on the inference thread as it takes `frame` from the newest-frame slot, after the
    /// detector loaded it: the frame stays in the slot for the capture thread to refill, so a
    /// source that keeps frames for snapshots swaps its copy out here, into storage of its own.
    func frameTaken(_ frame: inout Frame)

    /// Called on the inference thread once the frame taken last has its result: a source that
    /// keeps frames for snapshots hands the copy it took on here.
    func frameProcessed(result: FrameResult)
}

extension PipelineSource {
    /// By default a source opens its own device.
    func canTakeOver(from previous: Self) -> Bool { false }

    func takeOver(from previous: Self) {}

    func frameTaken(_ frame: inout Frame) {}

    func frameProcessed(result: FrameResult) {}
}

/// Where a source writes each frame: the pipeline's newest-frame slot, filled in place.
///
/// Used by the capture thread only (`replacedUntaken` is its own).
final class FrameSink<Frame: Sendable>: @unchecked Sendable {
    private let slot: NewestSlot<CapturedFrame<Frame>>
    /// Whether the last `write` overwrote a frame the detector had not taken: a dropped frame.
    private(set) var replacedUntaken = false

    init(_ slot: NewestSlot<CapturedFrame<Frame>>) {
        self.slot = slot
    }

    /// Lets `write` fill the slot's frame, under the slot's lock, and makes it the newest frame
    /// with the info `write` returns. `write` must check what it converts before it changes the
    /// frame: if it throws, the frame in the slot must be left as it was.
    func write<Failure: Error>(
        _ write: (inout Frame) throws(Failure) -> PipelineFrameInfo
    ) throws(Failure) -> PipelineFrameInfo {
        var info = PipelineFrameInfo.none
        replacedUntaken = try slot.put { (captured: inout CapturedFrame<Frame>) throws(Failure) in
            info = try write(&captured.frame)
            captured.info = info
        }
        return info
    }
}

/// What the daemon knows about one captured frame.
struct PipelineFrameInfo: Sendable, Equatable {
    /// The camera's own frame counter; gaps mean the camera or driver dropped frames.
    var cameraSequence: UInt64
    /// Capture time on CLOCK_MONOTONIC, in nanoseconds (the driver's timestamp where there is one).
    var monotonicNanoseconds: UInt64
    /// Capture time on CLOCK_REALTIME, in nanoseconds since the Unix epoch.
    var wallClockNanoseconds: UInt64
    /// Size of the source image in pixels; detection boxes are in this coordinate space.
    var width: Int
    var height: Int

    static let none = PipelineFrameInfo(cameraSequence: 0, monotonicNanoseconds: 0, wallClockNanoseconds: 0, width: 0, height: 0)
}

/// The health of a frame source.
struct SourceSnapshot: Sendable, Equatable {
    enum State: String, Sendable {
        /// Opening or negotiating the format.
        case opening
        /// Delivering frames.
        case streaming
        /// Lost or missing; retrying with backoff. The daemon still counts as alive.
        case reconnecting
        /// A finite source (images played once) has delivered everything.
        case ended
    }

    var state: State
    /// Times the source reopened after a fault.
    var reconnects: Int = 0
    /// Frames the camera or driver dropped before the daemon saw them (sequence gaps).
    var droppedFrames: Int = 0
    /// Frames the source skipped as unusable: corrupt camera buffers, image files that cannot
    /// be read or decoded (too large, not a JPEG, not a regular file).
    var corruptFrames: Int = 0
    /// Why the source last failed to open or deliver, for logs and `STATUS=`.
    var lastFault: String?
}
