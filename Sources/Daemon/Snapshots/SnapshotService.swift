import Capture
import Dispatch
import Logging
import NIOCore
import Snapshot
import Synchronization

/// The snapshot thread (`yolo-snapshot`): answers clients' `snapshot` requests with the latest
/// frame, annotated and encoded as JPEG, and saves the frames on which events fired.
///
/// Everything slow (converting the frame to RGB, drawing, JPEG encoding, base64, the disk)
/// happens here, on frames the inference thread swapped into the `SnapshotStore`; inference
/// never waits for it. Its buffers are allocated once, on the first snapshot of each size.
final class SnapshotService: Sendable {
    /// Requests waiting beyond this many get an error instead of a place in the queue.
    static let maximumPendingRequests = 64

    private let controller: PipelineController
    private let registry: ClientRegistry
    private let settings: DaemonConfig.Snapshots
    private let logger: Logger
    private let lock = ConditionLock()
    /// Guarded by `lock`: clients waiting for a snapshot, and whether the thread should end.
    private nonisolated(unsafe) var pending: [Int] = []
    private nonisolated(unsafe) var isStopping = false
    private let finished = DispatchSemaphore(value: 0)

    init(controller: PipelineController, registry: ClientRegistry, settings: DaemonConfig.Snapshots, logger: Logger) {
        self.controller = controller
        self.registry = registry
        self.settings = settings
        self.logger = logger
        DedicatedThread.start(name: "yolo-snapshot") { [self] in run() }
    }

    /// Queues a snapshot for `client`; the reply comes as a `snapshot` line (or an `error`).
    func request(from client: Int) {
        let accepted = lock.withLock { _ in
            guard pending.count < Self.maximumPendingRequests, !isStopping else { return false }
            pending.append(client)
            lock.signal()
            return true
        }
        if !accepted { registry.reply(ProtocolMessages.error("too many snapshot requests waiting; try again"), to: client) }
    }

    /// Ends the thread after the snapshot in progress.
    func stop() {
        lock.withLock { _ in
            isStopping = true
            lock.signal()
        }
        finished.wait()
    }

    /// What the thread keeps between requests.
    private struct Work {
        /// The components whose store and zones `maker` was made for.
        var store: SnapshotStore?
        var maker: SnapshotMaker?
        var latest: SnapshotStore.Entry
        var scratch: SnapshotStore.Entry
        /// The `snapshot` line of `latest`, once encoded.
        var latestMessage: ByteBuffer?
        let eventFolder: EventSnapshotFolder?
        /// `SnapshotStore.eventFramesMissed` when last logged.
        var eventFramesMissed: UInt64 = 0
    }

    private func run() {
        var work = Work(
            latest: SnapshotStore.Entry(), scratch: SnapshotStore.Entry(),
            eventFolder: settings.eventDirectory.isEmpty
                ? nil : EventSnapshotFolder(path: settings.eventDirectory, maxFiles: settings.maxFiles, maxBytes: settings.maxBytes))
        while let clients = nextClients() {
            let components = controller.components
            guard let store = components.snapshots else {
                for client in clients { registry.reply(ProtocolMessages.error("snapshots are off ([snapshots] enabled = false)"), to: client) }
                continue
            }
            if store !== work.store { adopt(store, components: components, into: &work) }
            saveEventFrame(&work)
            answer(clients, &work)
        }
        finished.signal()
    }

    /// Waits up to 0.2 s for requests (event frames are looked for at least that often).
    /// - Returns: the waiting clients, possibly none; nil once stopping.
    private func nextClients() -> [Int]? {
        lock.withLock { waiting in
            if pending.isEmpty && !isStopping { _ = waiting.wait(until: ConditionLock.deadline(after: 0.2)) }
            if isStopping { return nil }
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
    }

    /// A reload made new components: draw their zones, forget the old frames.
    private func adopt(_ store: SnapshotStore, components: PipelineComponents, into work: inout Work) {
        work.store = store
        work.latest = store.makeEntry()
        work.scratch = store.makeEntry()
        work.latestMessage = nil
        work.eventFramesMissed = 0
        do {
            let annotator = Annotator(
                classNames: components.model.classNames, zones: components.analysis?.zones ?? [],
                lines: components.analysis?.lines ?? [])
            work.maker = try SnapshotMaker(annotator: annotator, quality: settings.quality)
        } catch {
            work.maker = nil
            logger.error("snapshots unavailable: \(error)")
        }
    }

    private func saveEventFrame(_ work: inout Work) {
        guard let store = work.store, let maker = work.maker else { return }
        let missed = store.eventFramesMissed.load(ordering: .relaxed)
        if let folder = work.eventFolder, missed > work.eventFramesMissed {
            logger.warning("""
                \(missed - work.eventFramesMissed) frames with events were not saved in \(folder.path): \
                events came faster than their snapshots could be written
                """)
            work.eventFramesMissed = missed
        }
        work.scratch.frame.reserveCapacity(store.largestFrameByteCount)
        guard store.takeEventFrame(into: &work.scratch) else { return }
        guard let folder = work.eventFolder else {
            keepIfNewer(&work, message: nil)
            return
        }
        do {
            let jpeg = try maker.jpeg(of: work.scratch.frame, detections: work.scratch.detections)
            try folder.save(Array(jpeg), wallClockNanoseconds: work.scratch.info.wallClockNanoseconds, seq: work.scratch.seq)
            keepIfNewer(&work, message: ProtocolMessages.snapshot(work.scratch, jpeg: jpeg, classNames: registry.classNames))
        } catch {
            logger.error("cannot save the snapshot of frame \(work.scratch.seq) in \(folder.path): \(error)")
        }
    }

    /// Makes the event frame in `scratch` the latest if it is newer than what the thread has.
    private func keepIfNewer(_ work: inout Work, message: ByteBuffer?) {
        guard work.scratch.seq > work.latest.seq else { return }
        swap(&work.latest, &work.scratch)
        work.latestMessage = message
    }

    private func answer(_ clients: [Int], _ work: inout Work) {
        guard !clients.isEmpty, let store = work.store else { return }
        guard let maker = work.maker else {
            for client in clients { registry.reply(ProtocolMessages.error("snapshots are unavailable; see the daemon's log"), to: client) }
            return
        }
        work.scratch.frame.reserveCapacity(store.largestFrameByteCount)
        if store.takeLatest(into: &work.scratch) { keepIfNewer(&work, message: nil) }
        guard work.latest.seq > 0 else {
            for client in clients { registry.reply(ProtocolMessages.error("no frame has been processed yet"), to: client) }
            return
        }
        if work.latestMessage == nil {
            do {
                let jpeg = try maker.jpeg(of: work.latest.frame, detections: work.latest.detections)
                work.latestMessage = ProtocolMessages.snapshot(work.latest, jpeg: jpeg, classNames: registry.classNames)
            } catch {
                logger.error("cannot make a snapshot of frame \(work.latest.seq): \(error)")
                for client in clients { registry.reply(ProtocolMessages.error("the snapshot failed: \(error)"), to: client) }
                return
            }
        }
        for client in clients { registry.reply(work.latestMessage!, to: client) }
    }
}
