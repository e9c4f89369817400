import Dispatch
import Logging
import Synchronization

/// Owns the running pipeline and swaps it on reload. The counters, the result slot and the event channel outlive
/// each pipeline, so the publisher and the clients never notice a swap except for a new `hello`.
final class PipelineController: Sendable {
    private struct Current {
        var components: PipelineComponents
        var pipeline: (any RunningPipeline)?
        /// A pipeline whose shutdown began at `began`, whose inference thread was not waited
        /// for yet.
        var stopping: (pipeline: any RunningPipeline, began: DispatchTime)?
    }

    let counters: PipelineCounters
    let results: NewestSlot<FrameResult>
    /// Zone events, from every pipeline in turn to the publisher.
    let events = EventChannel()
    private let current: Mutex<Current>
    private let logger: Logger

    /// Time the capture thread gets to leave and release the camera. It wakes at once from a
    /// wait for a frame, so this only covers converting the frame at hand.
    static let captureStopTimeout = 0.5
    /// Time a replaced pipeline's `detect` gets to finish before its thread is abandoned.
    static let inferenceStopTimeout = 1.0
    /// Time from the start of shutdown until the daemon exits even if `detect` still runs:
    /// systemd expects the stop within 2 s, and the exit itself needs a little (0.4 s in the
    /// qemu VM without KVM, where the whole stop took 1.9 s with 1.5 here).
    static let shutdownBudget = 1.0

    init(components: PipelineComponents, counters: PipelineCounters, logger: Logger) {
        self.counters = counters
        self.logger = logger
        results = NewestSlot(spare: FrameResult(capacity: components.model.maxDetections))
        current = Mutex(Current(components: components, pipeline: nil))
    }

    var components: PipelineComponents { current.withLock { $0.components } }

    func sourceSnapshot() -> SourceSnapshot { components.sourceSnapshot() }

    func start() {
        current.withLock { current in
            guard current.pipeline == nil else { return }
            current.pipeline = current.components.start(counters: counters, results: results, events: events, logger: logger)
        }
    }

    /// Hands over to a pipeline on `components`. If the new source reads the same camera, it
    /// takes over the open device and the camera keeps streaming. Otherwise the running source
    /// releases its device before the new one opens (a V4L2 device allows one streaming owner;
    /// opening it earlier fails with EBUSY). Blocks up to about 2 s.
    func replace(with components: PipelineComponents) {
        let previous = self.components
        if let old = takePipeline() {
            if components.canTakeOverSource(of: previous) {
                old.requestStopKeepingSource()
                // A camera that delivers no frame keeps the thread waiting: close it after all.
                if !old.waitForCapture(until: .now() + Self.captureStopTimeout) { old.requestStop() }
            } else {
                old.requestStop()
            }
            waitForCapture(of: old, until: .now() + Self.captureStopTimeout)
            if old.sourceLeftOpen {
                components.takeOverSource(of: previous)
                logger.notice("the new pipeline took over \(components.sourceName), which keeps streaming")
            }
            if !old.waitForInference(until: .now() + Self.inferenceStopTimeout) {
                logger.error("inference did not stop within \(Self.inferenceStopTimeout) s; abandoning its thread")
            }
        }
        current.withLock { current in
            current.components = components
            current.pipeline = components.start(counters: counters, results: results, events: events, logger: logger)
        }
    }

    /// First half of shutdown: stops the pipeline and waits until the camera is released,
    /// without waiting for a `detect` in progress: the socket is removed next, and
    /// `finishStop()` waits for inference with the time left.
    func beginStop() {
        let began = DispatchTime.now()
        guard let pipeline = takePipeline() else { return }
        pipeline.requestStop()
        waitForCapture(of: pipeline, until: began + Self.captureStopTimeout)
        current.withLock { $0.stopping = (pipeline, began) }
    }

    /// Second half of shutdown: waits for the inference thread until `shutdownBudget` after
    /// `beginStop()`, then gives up on it (the process is about to exit).
    func finishStop() {
        let stopping = current.withLock { current in
            defer { current.stopping = nil }
            return current.stopping
        }
        guard let (pipeline, began) = stopping else { return }
        if !pipeline.waitForInference(until: began + Self.shutdownBudget) {
            logger.error("inference still running \(Self.shutdownBudget) s into the shutdown; exiting without waiting for it")
        }
    }

    private func takePipeline() -> (any RunningPipeline)? {
        current.withLock { current in
            defer { current.pipeline = nil }
            return current.pipeline
        }
    }

    private func waitForCapture(of pipeline: any RunningPipeline, until deadline: DispatchTime) {
        if !pipeline.waitForCapture(until: deadline) {
            logger.error("capture thread did not stop within \(Self.captureStopTimeout) s; the camera may still be busy")
        }
    }
}
