import Logging
import Synchronization

/// Owns the running pipeline and swaps it on reload. The counters and the result slot outlive
/// each pipeline, so the publisher and the clients never notice a swap except for a new `hello`.
final class PipelineController: Sendable {
    private struct Current {
        var components: PipelineComponents
        var pipeline: (any RunningPipeline)?
    }

    let counters: PipelineCounters
    let results: NewestSlot<FrameResult>
    private let current: Mutex<Current>
    private let logger: Logger

    /// Time a stopping pipeline gets before a stuck inference thread is abandoned. Small enough
    /// that shutdown fits systemd's expectation of 2 s.
    static let stopTimeout = 1.0

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
            current.pipeline = current.components.start(counters: counters, results: results, logger: logger)
        }
    }

    /// Stops the running pipeline and starts one on `components`. Blocks up to `stopTimeout`.
    func replace(with components: PipelineComponents) {
        let old = current.withLock { current in
            defer { current.pipeline = nil }
            return current.pipeline
        }
        stopAndLog(old)
        current.withLock { current in
            current.components = components
            current.pipeline = components.start(counters: counters, results: results, logger: logger)
        }
    }

    /// Stops the capture and inference threads and releases the source. Blocks up to `stopTimeout`.
    func stop() {
        let old = current.withLock { current in
            defer { current.pipeline = nil }
            return current.pipeline
        }
        stopAndLog(old)
    }

    private func stopAndLog(_ pipeline: (any RunningPipeline)?) {
        guard let pipeline else { return }
        if !pipeline.stop(timeout: Self.stopTimeout) {
            logger.error("inference did not stop within \(Self.stopTimeout) s; abandoning its thread")
        }
    }
}
