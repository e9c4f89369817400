import DedicatedThreads
import Dispatch
import Glibc
import Logging
import Synchronization

/// A started pipeline, whatever its source and detector types.
///
/// Stopping has two waits so that callers can order them: the capture thread (which releases
/// the camera) ends within a frame, while a `detect` in progress may take long under load.
protocol RunningPipeline: Sendable {
    /// Tells both threads to stop and closes the source; returns at once. After it the pipeline
    /// publishes nothing.
    func requestStop()
    /// Tells both threads to stop but leaves the source open for a successor to take over:
    /// the capture thread ends after the frame it is waiting for. `requestStop()` may follow
    /// if that takes too long (a stalled camera).
    func requestStopKeepingSource()
    /// Waits until the capture thread has ended, which it does only after the source released
    /// its device, or with the source left open (`sourceLeftOpen`) after
    /// `requestStopKeepingSource()`. Returns false if it had not by `deadline`.
    func waitForCapture(until deadline: DispatchTime) -> Bool
    /// The capture thread ended with the source still open, for a successor to take over.
    var sourceLeftOpen: Bool { get }
    /// Waits until the inference thread has ended. Returns false if `detect` was still running
    /// at `deadline`; the thread is then abandoned and ends when `detect` returns.
    func waitForInference(until deadline: DispatchTime) -> Bool
}

/// The capture thread and the inference thread of one source/detector pair.
///
/// Capture writes each new frame into a one-place `NewestSlot`, so a slow detector sees only the
/// newest frame and stale ones are overwritten and counted. Inference copies the frame's model
/// input into the engine as it takes it, leaving the buffer in the slot for capture to write
/// again: the slot's frame is the pipeline's only one, each thread using it under the slot's
/// lock (capture while it converts a frame, inference while it copies one out). Inference swaps
/// its result into the shared result slot and never waits for the publisher; its zone events go
/// to the event channel, which does not drop them. One frame and one result buffer are
/// allocated at start.
final class Pipeline<Source: PipelineSource, Detector: ObjectDetector>: RunningPipeline
where Source.Frame == Detector.Frame {
    private typealias Captured = CapturedFrame<Source.Frame>

    private let source: Source
    private let detector: Detector
    private let counters: PipelineCounters
    private let results: NewestSlot<FrameResult>
    private let events: EventChannel
    private let analysis: FrameAnalysis?
    private let frames: NewestSlot<Captured>
    private let logger: Logger
    private let stopping = Atomic<Bool>(false)
    /// A `SourceHandling` value. The capture thread and `requestStop()` race for it, so that
    /// exactly one decides whether the source is left open or closed.
    private let sourceHandling = Atomic<UInt8>(SourceHandling.close.rawValue)
    private let captureDone = DispatchGroup()
    private let inferenceDone = DispatchGroup()

    init(
        source: Source, detector: Detector, analysis: FrameAnalysis?, counters: PipelineCounters,
        results: NewestSlot<FrameResult>, events: EventChannel, logger: Logger
    ) {
        self.source = source
        self.detector = detector
        self.analysis = analysis
        self.counters = counters
        self.results = results
        self.events = events
        self.logger = logger
        frames = NewestSlot(spare: Captured(frame: source.makeFrame()))
    }

    func start() {
        let result = Handover(FrameResult(capacity: detector.model.maxDetections))
        spawn(name: "yolo-capture", signalling: captureDone) { [self] in captureLoop() }
        spawn(name: "yolo-infer", signalling: inferenceDone) { [self] in inferenceLoop(result.take()) }
    }

    func requestStop() {
        stopping.store(true, ordering: .releasing)
        frames.close()
        // Unless the capture thread already left the source open for a successor.
        if sourceHandling.exchange(SourceHandling.close.rawValue, ordering: .acquiringAndReleasing)
            != SourceHandling.leftOpen.rawValue {
            source.close()
        } else {
            sourceHandling.store(SourceHandling.leftOpen.rawValue, ordering: .releasing)
        }
    }

    func requestStopKeepingSource() {
        sourceHandling.store(SourceHandling.keep.rawValue, ordering: .releasing)
        stopping.store(true, ordering: .releasing)
        frames.close()
    }

    var sourceLeftOpen: Bool { sourceHandling.load(ordering: .acquiring) == SourceHandling.leftOpen.rawValue }

    /// What the capture thread does with the source when it stops.
    private enum SourceHandling: UInt8 {
        /// Close it and release the device (the default).
        case close
        /// Leave it open after the current frame.
        case keep
        /// Left open: the capture thread has ended in `keep`.
        case leftOpen
    }

    func waitForCapture(until deadline: DispatchTime) -> Bool {
        captureDone.wait(timeout: deadline) == .success
    }

    func waitForInference(until deadline: DispatchTime) -> Bool {
        inferenceDone.wait(timeout: deadline) == .success
    }

    private var isStopping: Bool { stopping.load(ordering: .acquiring) }

    private func spawn(name: String, signalling done: DispatchGroup, _ body: @escaping @Sendable () -> Void) {
        done.enter()
        DedicatedThread.start(name: name) {
            body()
            done.leave()
        }
    }

    /// Leaves through a nil from `nextFrame` (or a fault after the stop): a source releases its
    /// device on the way to that nil, so the device is free once this thread has ended and a
    /// successor may open it. Leaving on the stop flag alone, right after a frame, would keep
    /// the device open in a source nobody reads anymore, unless a successor takes it over.
    private func captureLoop() {
        let sink = FrameSink(frames)
        var failures = 0
        var allocations = SteadyStateAllocations()
        while true {
            do {
                let written = try source.nextFrame(into: sink) != nil
                if isStopping && sourceHandling.compareExchange(
                    expected: SourceHandling.keep.rawValue, desired: SourceHandling.leftOpen.rawValue,
                    ordering: .acquiringAndReleasing).exchanged { break }
                guard written else {
                    if isStopping || source.snapshot().state == .ended { break }
                    continue
                }
                // A frame finished while the stop arrived (the closed slot lets nobody take it):
                // ask again for the nil.
                if isStopping { continue }
                counters.captured.add(1, ordering: .relaxed)
                if sink.replacedUntaken { counters.staleDropped.add(1, ordering: .relaxed) }
                counters.captureAllocations.add(allocations.frameDone(), ordering: .relaxed)
            } catch {
                if isStopping { break }
                failures += 1
                // Recovery is the source's job; log the first fault and then every hundredth.
                if failures % 100 == 1 { logger.error("frame source failed (\(failures) times): \(error)") }
                usleep(100_000)
            }
        }
        logger.debug("capture thread finished")
    }

    private func inferenceLoop(_ initialResult: consuming FrameResult) {
        var result = consume initialResult
        var info = PipelineFrameInfo.none
        var allocations = SteadyStateAllocations()
        while !isStopping {
            let taken = frames.take(timeout: 0.2) { captured in
                detector.load(captured.frame)
                source.frameTaken(&captured.frame)
                info = captured.info
            }
            guard taken else { continue }
            result.detections.removeAll(keepingCapacity: true)
            let started = MonotonicClock.now()
            counters.inferenceStartedAt.store(started, ordering: .relaxed)
            do {
                try detector.detect(info: info, into: &result.detections)
            } catch {
                counters.inferenceStartedAt.store(0, ordering: .relaxed)
                let errors = counters.detectorErrors.add(1, ordering: .relaxed).newValue
                if errors % 100 == 1 { logger.error("inference failed (\(errors) times): \(error)") }
                continue
            }
            let finished = MonotonicClock.now()
            // A pipeline replaced by a reload must not publish after its successor started.
            if isStopping { break }
            result.seq = counters.processed.add(1, ordering: .relaxed).newValue
            result.info = info
            result.inferenceNanoseconds = finished - started
            if let analysis {
                analysis.analyze(&result)
                events.push(eventsOf: result)
            }
            source.frameProcessed(result: result)
            counters.lastInferenceNanoseconds.store(result.inferenceNanoseconds, ordering: .relaxed)
            counters.inferenceStartedAt.store(0, ordering: .relaxed)
            if results.put(&result) { counters.unpublished.add(1, ordering: .relaxed) }
            counters.inferenceAllocations.add(allocations.frameDone(), ordering: .relaxed)
        }
        counters.inferenceStartedAt.store(0, ordering: .relaxed)
        logger.debug("inference thread finished")
    }
}

/// A frame with what the source said about it.
struct CapturedFrame<Frame: Sendable>: Sendable {
    var frame: Frame
    var info = PipelineFrameInfo.none
}
