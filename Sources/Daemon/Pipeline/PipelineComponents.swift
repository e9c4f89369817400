import Logging

/// A frame source and a detector that read the same frame type, with the types erased so the
/// daemon can swap them on reload. The integration builds these from the config through a
/// `PipelineFactory`.
struct PipelineComponents: Sendable {
    let sourceName: String
    let model: ModelDescription
    /// Tracking and zones; nil with tracking off.
    let analysis: FrameAnalysis?
    /// The latest frame with its result, for snapshots; nil with snapshots off.
    let snapshots: SnapshotStore?
    /// The source's current state; the pipeline may be stopped, the source object stays valid.
    let sourceSnapshot: @Sendable () -> SourceSnapshot
    private let makePipeline: @Sendable (PipelineCounters, NewestSlot<FrameResult>, EventChannel, Logger) -> any RunningPipeline
    private let source: any PipelineSource
    private let canTakeOver: @Sendable (any PipelineSource) -> Bool
    private let takeOver: @Sendable (any PipelineSource) -> Void

    init<Source: PipelineSource, Detector: ObjectDetector>(
        source: Source, detector: Detector, analysis: FrameAnalysis? = nil, snapshots: SnapshotStore? = nil
    ) where Source.Frame == Detector.Frame {
        sourceName = source.name
        model = detector.model
        self.analysis = analysis
        self.snapshots = snapshots
        sourceSnapshot = { source.snapshot() }
        self.source = source
        canTakeOver = { previous in (previous as? Source).map { source.canTakeOver(from: $0) } ?? false }
        takeOver = { previous in (previous as? Source).map { source.takeOver(from: $0) } }
        makePipeline = { counters, results, events, logger in
            let pipeline = Pipeline(
                source: source, detector: detector, analysis: analysis, counters: counters, results: results,
                events: events, logger: logger)
            pipeline.start()
            return pipeline
        }
    }

    /// Starts the capture and inference threads.
    func start(
        counters: PipelineCounters, results: NewestSlot<FrameResult>, events: EventChannel, logger: Logger
    ) -> any RunningPipeline {
        makePipeline(counters, results, events, logger)
    }

    /// Whether this source can take over the open device of `previous`'s
    /// (`PipelineSource.canTakeOver(from:)`).
    func canTakeOverSource(of previous: PipelineComponents) -> Bool { canTakeOver(previous.source) }

    /// Takes over the open device of `previous`'s source (`PipelineSource.takeOver(from:)`).
    func takeOverSource(of previous: PipelineComponents) { takeOver(previous.source) }

    /// Polls the source (a camera opens on the capture thread) until `isSettled` holds, for at
    /// most `timeout`; cancellation ends the wait early.
    /// - Returns: the last snapshot, and whether it settled.
    func waitForSource(
        within timeout: Duration, until isSettled: (SourceSnapshot) -> Bool
    ) async -> (snapshot: SourceSnapshot, settled: Bool) {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var snapshot = sourceSnapshot()
        while !isSettled(snapshot) {
            guard clock.now < deadline, (try? await Task.sleep(for: .milliseconds(20))) != nil else { return (snapshot, false) }
            snapshot = sourceSnapshot()
        }
        return (snapshot, true)
    }
}

/// Opens the source and loads the model a config names. Runs at start and on every SIGHUP;
/// a thrown error at start stops the daemon, on reload it keeps the running pipeline.
typealias PipelineFactory = @Sendable (DaemonConfig) throws -> PipelineComponents
