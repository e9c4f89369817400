import Capture
import DedicatedThreads
import Dispatch
import Glibc
import Logging
import NIOCore
import Snapshot
import Synchronization

/// The snapshot thread (`yolo-snapshot`): answers `snapshot` requests (clients' on the socket,
/// `GET /snapshot.jpg`) with the latest frame, annotated and encoded as JPEG, and saves or
/// hands on (to the MQTT bridge) the frames on which events fired.
///
/// Everything slow (converting the frame to RGB, drawing, JPEG encoding, base64, the disk)
/// happens here, on frames the inference thread swapped into the `SnapshotStore`; inference
/// never waits for it. Its buffers are allocated once, on the first snapshot of each size.
/// The store keeps frames from the first request on, or from the start when event frames are
/// saved or published; so the first request waits for the next frame.
final class SnapshotService: Sendable {
    /// Requests waiting beyond this many get an error instead of a place in the queue.
    static let maximumPendingRequests = 64
    /// How long the first request waits for the first frame kept for it.
    static let firstKeptFrameWait = Duration.seconds(10)

    private let controller: PipelineController
    private let registry: ClientRegistry
    private let settings: DaemonConfig.Snapshots
    private let logger: Logger
    /// Gets the JPEG of each frame with events; nil when nothing wants them.
    private let eventSink: (@Sendable (ArraySlice<UInt8>) -> Void)?
    private let lock = ConditionLock()
    /// Guarded by `lock`: who waits for a snapshot, and whether the thread should end.
    private nonisolated(unsafe) var pending: [Requester] = []
    private nonisolated(unsafe) var isStopping = false
    private let finished = DispatchSemaphore(value: 0)

    /// Who asked for a snapshot: a socket client (answered with a `snapshot` line) or a caller
    /// that wants the JPEG itself.
    private enum Requester {
        case client(Int)
        case jpeg(@Sendable (Result<[UInt8], SnapshotUnavailable>) -> Void)
    }

    init(
        controller: PipelineController, registry: ClientRegistry, settings: DaemonConfig.Snapshots, logger: Logger,
        eventSink: (@Sendable (ArraySlice<UInt8>) -> Void)? = nil
    ) {
        self.controller = controller
        self.registry = registry
        self.settings = settings
        self.logger = logger
        self.eventSink = eventSink
        DedicatedThread.start(name: "yolo-snapshot") { [self] in run() }
    }

    /// Queues a snapshot for `client`; the reply comes as a `snapshot` line (or an `error`).
    func request(from client: Int) {
        if !enqueue(.client(client)) {
            registry.reply(ProtocolMessages.error("too many snapshot requests waiting; try again"), to: client)
        }
    }

    /// The latest frame's annotated JPEG.
    func jpeg() async -> Result<[UInt8], SnapshotUnavailable> {
        await withCheckedContinuation { continuation in
            let once = Mutex(Optional(continuation))
            let answer: @Sendable (Result<[UInt8], SnapshotUnavailable>) -> Void = { result in
                once.withLock { $0.take() }?.resume(returning: result)
            }
            if !enqueue(.jpeg(answer)) { answer(.failure(SnapshotUnavailable("too many snapshot requests waiting; try again"))) }
        }
    }

    private func enqueue(_ requester: Requester) -> Bool {
        lock.withLock { _ in
            guard pending.count < Self.maximumPendingRequests, !isStopping else { return false }
            pending.append(requester)
            lock.signal()
            return true
        }
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
        /// The JPEG of `latest`, and its `snapshot` line, once encoded.
        var latestJPEG: ArraySlice<UInt8>?
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
        while let requesters = nextRequesters() {
            let components = controller.components
            guard let store = components.snapshots else {
                fail(requesters, SnapshotUnavailable("snapshots are off ([snapshots] enabled = false)"))
                continue
            }
            if store !== work.store { adopt(store, components: components, into: &work) }
            saveEventFrame(&work)
            answer(requesters, &work)
        }
        finished.signal()
    }

    private func fail(_ requesters: [Requester], _ failure: SnapshotUnavailable) {
        for requester in requesters {
            switch requester {
            case .client(let client): registry.reply(ProtocolMessages.error(failure.message), to: client)
            case .jpeg(let answer): answer(.failure(failure))
            }
        }
    }

    /// Waits up to 0.2 s for requests (event frames are looked for at least that often).
    /// - Returns: who waits, possibly no one; nil once stopping.
    private func nextRequesters() -> [Requester]? {
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
        work.latestJPEG = nil
        work.latestMessage = nil
        work.eventFramesMissed = 0
        if work.eventFolder != nil || eventSink != nil { store.startKeepingFrames() }
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
        guard work.eventFolder != nil || eventSink != nil else {
            keepIfNewer(&work, jpeg: nil)
            return
        }
        let jpeg: ArraySlice<UInt8>
        do {
            jpeg = try maker.jpeg(of: work.scratch.frame, detections: work.scratch.detections)
        } catch {
            logger.error("cannot make the snapshot of frame \(work.scratch.seq): \(error)")
            return
        }
        eventSink?(jpeg)
        if let folder = work.eventFolder {
            do {
                try folder.save(Array(jpeg), wallClockNanoseconds: work.scratch.info.wallClockNanoseconds, seq: work.scratch.seq)
            } catch {
                logger.error("cannot save the snapshot of frame \(work.scratch.seq) in \(folder.path): \(error)")
            }
        }
        keepIfNewer(&work, jpeg: jpeg)
    }

    /// Makes the event frame in `scratch` the latest if it is newer than what the thread has.
    private func keepIfNewer(_ work: inout Work, jpeg: ArraySlice<UInt8>?) {
        guard work.scratch.seq > work.latest.seq else { return }
        swap(&work.latest, &work.scratch)
        work.latestJPEG = jpeg
        work.latestMessage = nil
    }

    private func answer(_ requesters: [Requester], _ work: inout Work) {
        guard !requesters.isEmpty, let store = work.store else { return }
        guard let maker = work.maker else {
            fail(requesters, SnapshotUnavailable("snapshots are unavailable; see the daemon's log"))
            return
        }
        let startedKeeping = store.startKeepingFrames()
        work.scratch.frame.reserveCapacity(store.largestFrameByteCount)
        if startedKeeping {
            awaitFirstKeptFrame(from: store, into: &work)
        } else if store.takeLatest(into: &work.scratch) {
            keepIfNewer(&work, jpeg: nil)
        }
        guard work.latest.seq > 0 else {
            fail(requesters, SnapshotUnavailable("no frame has been processed yet"))
            return
        }
        if work.latestJPEG == nil {
            do {
                work.latestJPEG = try maker.jpeg(of: work.latest.frame, detections: work.latest.detections)
            } catch {
                logger.error("cannot make a snapshot of frame \(work.latest.seq): \(error)")
                fail(requesters, SnapshotUnavailable("the snapshot failed: \(error)"))
                return
            }
        }
        let jpeg = work.latestJPEG!
        for requester in requesters {
            switch requester {
            case .client(let client):
                if work.latestMessage == nil {
                    work.latestMessage = ProtocolMessages.snapshot(work.latest, jpeg: jpeg, classNames: registry.classNames)
                }
                registry.reply(work.latestMessage!, to: client)
            case .jpeg(let answer):
                answer(.success(Array(jpeg)))
            }
        }
    }

    /// Makes the first frame the store keeps the latest, waiting for it: the frames in the
    /// pipeline when keeping started were captured without a copy. Gives up after
    /// `firstKeptFrameWait` (a source that stalled) or when the thread is stopping.
    private func awaitFirstKeptFrame(from store: SnapshotStore, into work: inout Work) {
        let deadline = ContinuousClock.now + Self.firstKeptFrameWait
        while !store.takeLatest(into: &work.scratch) {
            let stopping = lock.withLock { _ in isStopping }
            guard !stopping, ContinuousClock.now < deadline else { return }
            usleep(10_000)
        }
        keepIfNewer(&work, jpeg: nil)
    }
}

/// Why no snapshot could be made, in words for the one who asked.
struct SnapshotUnavailable: Error, Sendable {
    let message: String
    init(_ message: String) { self.message = message }
}
