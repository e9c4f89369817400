import NIOCore
import Synchronization

/// What the health service found last: the latest status report and its `status` line, and
/// whether frames flow by the watchdog's rule. Read by the HTTP endpoint and the metrics.
final class LatestStatus: Sendable {
    private let latest = Mutex<(report: StatusReport, line: ByteBuffer)?>(nil)
    private let flowing = Atomic<Bool>(true)

    var report: StatusReport? { latest.withLock { $0?.report } }
    var line: ByteBuffer? { latest.withLock { $0?.line } }

    /// The watchdog's verdict at its last check (`WatchdogPolicy`): true while frames flow, or
    /// while a camera being reopened is the only reason they do not.
    var framesFlow: Bool { flowing.load(ordering: .relaxed) }

    init() {}

    func store(_ report: StatusReport, line: ByteBuffer) {
        latest.withLock { $0 = (report, line) }
    }

    func store(framesFlow: Bool) {
        flowing.store(framesFlow, ordering: .relaxed)
    }
}
