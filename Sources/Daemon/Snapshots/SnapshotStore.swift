import Capture
import Detect
import Synchronization

/// The latest frame with its detections, and the frame of the latest events, kept for the
/// snapshot thread.
///
/// Frames are swapped in and out, never copied under the lock: the inference thread hands in
/// the frame it just finished and gets back the store's previous buffer, which the capture
/// thread then refills. So keeping snapshots costs inference one swap per frame, and a
/// snapshot being encoded never holds it up.
///
/// Frames are kept only from the first time something wants one (`startKeepingFrames`): a
/// snapshot request, or a place for event frames. Until then the capture thread copies nothing
/// and no buffer exists: the six frame-sized buffers were 2.6 MiB of a daemon whose clients never
/// ask for a snapshot (docs/measurements.md).
final class SnapshotStore: Sendable {
    /// A frame with what was found on it.
    struct Entry: Sendable {
        var frame = SourceFrame()
        var detections: [Detection] = []
        var seq: UInt64 = 0
        var info = PipelineFrameInfo.none
    }

    private struct Slots {
        var latest = Entry()
        /// An event frame the snapshot thread has not saved yet (seq 0: none).
        var event = Entry()
        /// Buffers for the pipeline's frames, made by the thread that started keeping frames, so
        /// that the capture thread need not allocate its own once it is warm.
        var spares: [SourceFrame] = []
    }

    private let slots: Mutex<Slots>
    /// Event frames not kept because the previous one was still waiting to be saved.
    let eventFramesMissed = Atomic<UInt64>(0)
    /// Whether the slots were given storage (`provision(forFrameBytes:)`).
    private let provisioned = Atomic<Bool>(false)
    /// Whether finished frames are copied and kept (`startKeepingFrames`).
    private let keepsFrames = Atomic<Bool>(false)
    /// The largest frame the capture thread has lent, in bytes: the size of the spares.
    private let largestSourceFrameBytes = Atomic<Int>(0)
    /// The frames the pipeline moves (`pipelineFrameMade`): one spare each.
    private let pipelineFrames = Atomic<Int>(0)
    private let maxDetections: Int

    init(maxDetections: Int) {
        self.maxDetections = maxDetections
        var slots = Slots()
        slots.latest.detections.reserveCapacity(maxDetections)
        slots.event.detections.reserveCapacity(maxDetections)
        self.slots = Mutex(slots)
    }

    /// An entry whose detection storage suits this store, for a thread that takes entries.
    func makeEntry() -> Entry {
        var entry = Entry()
        entry.detections.reserveCapacity(maxDetections)
        return entry
    }

    /// The source made one more frame for its pipeline.
    func pipelineFrameMade() {
        pipelineFrames.add(1, ordering: .relaxed)
    }

    /// Capture thread, on every frame: notes its size. Nil while frames are not kept; else
    /// the largest frame lent so far, the capacity every kept frame's buffer grows to.
    func keptFrameCapacity(noting byteCount: Int) -> Int? {
        var largest = largestSourceFrameBytes.load(ordering: .relaxed)
        if byteCount > largest {
            largestSourceFrameBytes.store(byteCount, ordering: .relaxed)
            largest = byteCount
        }
        return keepsFrames.load(ordering: .acquiring) ? largest : nil
    }

    /// Starts keeping frames, from the next one captured on. Once frames have been captured, the
    /// buffers for the slots and the pipeline's frames are made here, by the caller, so that
    /// the capture thread, warm by then, need not allocate.
    /// - Returns: whether frames were not kept before.
    @discardableResult
    func startKeepingFrames() -> Bool {
        guard !keepsFrames.load(ordering: .acquiring) else { return false }
        let byteCount = largestSourceFrameBytes.load(ordering: .relaxed)
        if byteCount > 0 {
            provision(forFrameBytes: byteCount)
            var spares = (0..<pipelineFrames.load(ordering: .relaxed)).map { _ in SourceFrame(capacity: byteCount) }
            slots.withLock { swap(&$0.spares, &spares) }
        }
        keepsFrames.store(true, ordering: .releasing)
        return true
    }

    /// Capture thread: swaps a spare buffer into `frame`, if one is left. Allocates nothing.
    func takeSpare(into frame: inout SourceFrame) {
        slots.withLock { slots in
            guard var spare = slots.spares.popLast() else { return }
            swap(&frame, &spare)
        }
    }

    /// Gives the slots storage for frames of `byteCount` bytes, once: on the capture thread's
    /// first kept frame, or in `startKeepingFrames`. The slots start empty, and their buffers go
    /// to the capture thread in exchange for the frames it offers; an empty one would make it
    /// allocate once warm. Later, larger frames grow the buffers where they are copied, as any
    /// buffer grows. Costs one atomic load once done.
    func provision(forFrameBytes byteCount: Int) {
        guard !provisioned.load(ordering: .relaxed) else { return }
        var latest = SourceFrame(capacity: byteCount)
        var event = SourceFrame(capacity: byteCount)
        slots.withLock { slots in
            swap(&slots.latest.frame, &latest)
            swap(&slots.event.frame, &event)
        }
        provisioned.store(true, ordering: .relaxed)
    }

    /// Inference thread: swaps `frame` in as the latest (or as the event frame when the result
    /// has events and the previous event frame was saved). Allocates nothing.
    func offer(_ frame: inout SourceFrame, result: FrameResult) {
        let missed = slots.withLock { slots in
            let wantsEventSlot = !result.events.isEmpty
            let eventSlotFree = slots.event.seq == 0
            if wantsEventSlot && eventSlotFree {
                Self.fill(&slots.event, with: &frame, result: result)
            } else {
                Self.fill(&slots.latest, with: &frame, result: result)
            }
            return wantsEventSlot && !eventSlotFree
        }
        if missed { eventFramesMissed.add(1, ordering: .relaxed) }
    }

    private static func fill(_ entry: inout Entry, with frame: inout SourceFrame, result: FrameResult) {
        swap(&entry.frame, &frame)
        entry.detections.removeAll(keepingCapacity: true)
        entry.detections.append(contentsOf: result.detections)
        entry.seq = result.seq
        entry.info = result.info
    }

    /// The byte count of the largest frame the capture thread copies (0 until frames are kept),
    /// so a taker can size its buffer first and hand the capture thread no buffer too small for
    /// its frames.
    var largestFrameByteCount: Int {
        keepsFrames.load(ordering: .acquiring) ? largestSourceFrameBytes.load(ordering: .relaxed) : 0
    }

    /// Snapshot thread: swaps the latest frame into `entry` if it is newer than `entry.seq`.
    /// - Returns: whether `entry` changed.
    func takeLatest(into entry: inout Entry) -> Bool {
        slots.withLock { slots in
            guard slots.latest.seq > entry.seq else { return false }
            swap(&slots.latest, &entry)
            // What the swap put back is older than what the store handed out.
            slots.latest.seq = 0
            return true
        }
    }

    /// Snapshot thread: swaps the pending event frame into `entry`.
    /// - Returns: false if there is none.
    func takeEventFrame(into entry: inout Entry) -> Bool {
        slots.withLock { slots in
            guard slots.event.seq != 0 else { return false }
            swap(&slots.event, &entry)
            slots.event.seq = 0
            return true
        }
    }
}
