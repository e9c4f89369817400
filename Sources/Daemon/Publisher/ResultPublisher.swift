import Dispatch
import Synchronization

/// The publisher thread: takes each new result from the pipeline's result slot and fans it out
/// to the clients' queues. It runs apart from inference so that encoding and fan-out never
/// delay the next frame; if it falls behind, the slot drops results (counted as unpublished).
final class ResultPublisher: Sendable {
    private let results: NewestSlot<FrameResult>
    private let registry: ClientRegistry
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    init(results: NewestSlot<FrameResult>, registry: ClientRegistry, maxDetections: Int) {
        self.results = results
        self.registry = registry
        let buffer = FrameResult(capacity: maxDetections)
        DedicatedThread.start(name: "yolo-publish") { [self] in publishLoop(buffer) }
    }

    /// Stops the thread; returns once it has finished its current fan-out.
    func stop() {
        stopping.store(true, ordering: .releasing)
        results.close()
        finished.wait()
    }

    private func publishLoop(_ initial: FrameResult) {
        var result = initial
        while !stopping.load(ordering: .acquiring) {
            if results.take(&result, timeout: 0.2) { registry.publish(result) }
        }
        finished.signal()
    }
}
