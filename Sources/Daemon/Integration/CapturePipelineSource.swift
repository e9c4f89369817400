import Capture
import Infer

/// A capture source (camera, images, raw replay) seen by the pipeline: each
/// frame is converted in one pass into the model input while the source
/// lends it, so the pipeline only ever moves preallocated tensors.
///
/// `@unchecked Sendable`: the capture source and the preprocessor are used
/// from the capture thread only, `taken` from the inference thread only;
/// `snapshot()` reads the thread-safe status board and `close()` raises the
/// thread-safe stop signal. `source` changes only in `takeOver(from:)`, before
/// the pipeline starts and before the controller publishes these components to
/// other threads.
final class CapturePipelineSource: PipelineSource, @unchecked Sendable {
    /// The spec as written, a URL's password hidden.
    let name: String
    /// What the source reads, and how for a stream.
    private let spec: SourceSpec
    private let stream: StreamSettings
    private var source: any FrameSource
    private let preprocessor: FramePreprocessor
    private let snapshots: SnapshotStore?
    /// The source copy of the frame the inference thread took last, swapped out of the frame
    /// (which goes back to the capture thread) until its result is known.
    private var taken = SourceFrame()

    /// - Parameter snapshots: where finished frames go for snapshots; once the store keeps
    ///   frames, each frame is also copied as the source lends it.
    init(
        name: String, source: any FrameSource, spec: SourceSpec, stream: StreamSettings,
        preprocessor: FramePreprocessor, snapshots: SnapshotStore?
    ) {
        self.name = name
        self.spec = spec
        self.stream = stream
        self.source = source
        self.preprocessor = preprocessor
        self.snapshots = snapshots
        // `taken` circulates with the pipeline's frames' copies, and needs a spare as they do.
        snapshots?.pipelineFrameMade()
    }

    func makeFrame() -> ModelInputFrame {
        snapshots?.pipelineFrameMade()
        return ModelInputFrame(inputCount: preprocessor.inputCount)
    }

    /// A frame the preprocessor refuses leaves the model input as it was (`preprocess` checks
    /// before it writes), and so the slot's frame.
    func nextFrame(into sink: FrameSink<ModelInputFrame>) throws -> PipelineFrameInfo? {
        try source.withNextFrame { (info, bytes) throws(PreprocessError) -> PipelineFrameInfo in
            try sink.write { (frame) throws(PreprocessError) -> PipelineFrameInfo in
                frame.transform = try preprocessor.preprocess(info, bytes, into: &frame.tensor)
                if let snapshots, let capacity = snapshots.keptFrameCapacity(noting: bytes.byteCount) {
                    // Every buffer is grown to the largest frame seen as soon as it comes around,
                    // not when a larger frame happens to land in it, so that frames of varying
                    // size (an `images:` source) stop costing memory after their first round.
                    if frame.source.capacity < capacity { snapshots.takeSpare(into: &frame.source) }
                    frame.source.reserveCapacity(capacity)
                    frame.source.copy(info, bytes)
                    snapshots.provision(forFrameBytes: capacity)
                }
                return PipelineFrameInfo(capturedAt: info)
            }
        }
    }

    func frameTaken(_ frame: inout ModelInputFrame) {
        swap(&taken, &frame.source)
    }

    func frameProcessed(result: FrameResult) {
        // Frames captured before the store kept frames carry no copy (and keeping never stops).
        guard taken.byteCount > 0 else { return }
        snapshots?.offer(&taken, result: result)
    }

    func snapshot() -> SourceSnapshot {
        let status = source.status.snapshot()
        let state: SourceSnapshot.State
        switch status.state {
        case .opening: state = .opening
        case .streaming: state = .streaming
        case .backoff: state = .reconnecting
        case .finished: state = .ended
        }
        return SourceSnapshot(
            state: state, reconnects: status.counters.reconnects, droppedFrames: status.counters.drops,
            corruptFrames: status.counters.corruptBuffers,
            lastFault: status.lastFault.map { "\($0)" })
    }

    func close() { source.stopSignal.stop() }

    /// The same spec and settings name the same device, opened the same way: the camera's frames
    /// suit any model, as the new preprocessor converts them. A source that is not streaming
    /// (images played to the end, a camera in backoff) is made afresh instead.
    func canTakeOver(from previous: CapturePipelineSource) -> Bool {
        previous.spec == spec && previous.stream == stream && previous.snapshot().state == .streaming
    }

    /// Adopts the open capture source; the one made for this config was never opened.
    func takeOver(from previous: CapturePipelineSource) { source = previous.source }
}

extension PipelineFrameInfo {
    /// The driver stamps frames on CLOCK_MONOTONIC; the wall-clock time is
    /// that instant seen from the wall clock now.
    init(capturedAt info: FrameInfo) {
        let captured = UInt64(max(0, info.timestamp.components.seconds)) * 1_000_000_000
            + UInt64(max(0, info.timestamp.components.attoseconds / 1_000_000_000))
        let now = MonotonicClock.now()
        let age = now > captured ? now - captured : 0
        let wall = MonotonicClock.wallClockNow()
        self.init(
            cameraSequence: UInt64(info.sequence), monotonicNanoseconds: captured,
            wallClockNanoseconds: wall > age ? wall - age : 0, width: info.width, height: info.height)
    }
}
