import DedicatedThreads
import Dispatch
import Synchronization

/// The publisher thread: takes each new result from the pipeline's result slot, and the zone
/// events from the event channel, and fans them out to the clients' queues. It runs apart from inference so that encoding and fan-out never
/// delay the next frame; if it falls behind, the slot drops results (counted as unpublished).
final class ResultPublisher: Sendable {
    private let results: NewestSlot<FrameResult>
    private let events: EventChannel
    private let registry: ClientRegistry
    /// Records each frame's latencies for `/metrics`; nil with the HTTP endpoint off.
    private let metrics: DaemonMetrics?
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    init(
        results: NewestSlot<FrameResult>, events: EventChannel, registry: ClientRegistry, maxDetections: Int,
        metrics: DaemonMetrics? = nil
    ) {
        self.results = results
        self.events = events
        self.registry = registry
        self.metrics = metrics
        let buffer = FrameResult(capacity: maxDetections)
        DedicatedThread.start(name: "yolo-publish") { [self] in publishLoop(buffer) }
    }

    /// Stops the thread; returns once it has finished its current fan-out.
    func stop() {
        stopping.store(true, ordering: .releasing)
        results.close()
        finished.wait()
    }

    /// A frame's events are queued before its result, so they go out after its `detections`
    /// line (or after a newer one's, if that replaced it in the slot).
    private func publishLoop(_ initial: FrameResult) {
        var result = initial
        var pending: [PublishedEvent] = []
        pending.reserveCapacity(EventChannel.capacity)
        while !stopping.load(ordering: .acquiring) {
            if results.take(&result, timeout: 0.2) {
                metrics?.recordFrame(result, publishedAt: MonotonicClock.now())
                registry.publish(result)
            }
            events.drain(into: &pending)
            registry.publish(pending)
            pending.removeAll(keepingCapacity: true)
        }
        finished.signal()
    }
}
