import Foundation
import Synchronization
import TestSupport
import Testing

@testable import Capture

/// What the tests on real GStreamer share: the prerequisite (GStreamer and the elements a
/// test uses, under the CI rule), sources, and a guard that stops a source that hangs.
enum GStreamerTesting {
    /// Why GStreamer cannot be used here, or nil.
    static let unavailable: String? = {
        do {
            try GStreamerLibrary.load()
            return nil
        } catch {
            return "\(error)"
        }
    }()

    /// Requires GStreamer and `elements`: a missing one fails the test under CI=true and
    /// skips it elsewhere.
    static func require(
        _ elements: [String] = ["videotestsrc"], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try Prerequisite.require(
            unavailable == nil, "GStreamer is needed: \(unavailable ?? "")", sourceLocation: sourceLocation)
        for element in elements {
            try Prerequisite.require(
                GStreamerLibrary.hasElement(element),
                "the GStreamer element \(element) is needed (\(GStreamerLibrary.package(providing: element) ?? "a plugin"))",
                sourceLocation: sourceLocation)
        }
    }

    /// Settings that give up on a stalled stream fast, for tests of recovery.
    static func settings(
        frameTimeout: Duration = .seconds(10), startGrace: Duration = .seconds(10),
        backoff: BackoffSchedule = BackoffSchedule(initial: .milliseconds(50), cap: .milliseconds(200))
    ) -> StreamSettings {
        StreamSettings(frameTimeout: frameTimeout, backoff: backoff, startGrace: startGrace)
    }

    /// A `gst:` source.
    static func source(_ pipeline: String, settings: StreamSettings = settings()) throws -> GStreamerSource {
        try GStreamerSource(.custom(pipeline), settings: settings)
    }

    /// A copy of a lent frame, as the reference path takes it.
    static func copy(_ info: FrameInfo, _ bytes: RawSpan) -> ReferencePath.Frame {
        ReferencePath.Frame(info: info, bytes: bytes.withUnsafeBytes { Array($0) })
    }
}

/// Stops a source if the test has not finished by `deadline`, so that a source that hangs fails
/// its test instead of hanging the run. `finish()` tells whether it had to.
final class StopGuard: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let fired = Mutex(false)

    init(_ stopSignal: StopSignal, after deadline: Duration = .seconds(30)) {
        let seconds = Double(deadline.components.seconds) + Double(deadline.components.attoseconds) * 1e-18
        Thread.detachNewThread { [self] in
            if done.wait(timeout: .now() + seconds) == .timedOut {
                fired.withLock { $0 = true }
                stopSignal.stop()
            }
        }
    }

    /// Ends the guard; true if it had stopped the source.
    @discardableResult
    func finish() -> Bool {
        done.signal()
        return fired.withLock { $0 }
    }
}

/// Watches a source's status from another thread, stops the source once `condition` holds
/// (or after `timeout`), and keeps the status that met the condition.
final class StatusWatch: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let met = Mutex<CaptureStatus?>(nil)

    init(
        _ source: some FrameSource, timeout: Duration = .seconds(30),
        until condition: @escaping @Sendable (CaptureStatus) -> Bool
    ) {
        let (board, stop) = (source.status, source.stopSignal)
        Thread.detachNewThread { [self] in
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                let status = board.snapshot()
                if condition(status) {
                    met.withLock { $0 = status }
                    break
                }
                usleep(2_000)
            }
            stop.stop()
            done.signal()
        }
    }

    /// Waits for the watch to stop the source; the status that met the condition, or nil.
    func wait() -> CaptureStatus? {
        done.wait()
        return met.withLock { $0 }
    }
}

/// Collects what a source reports through `onEvent`, on the capturing thread.
final class EventLog {
    var events: [CaptureEvent] = []
    /// The source's state as each fault was reported.
    var faultStates: [CaptureStatus.State] = []

    func attach(to source: GStreamerSource) {
        let board = source.status
        source.onEvent = { [unowned self] event in
            events.append(event)
            if case .fault = event { faultStates.append(board.snapshot().state) }
        }
    }

    var faults: [CaptureFault] {
        events.compactMap { if case .fault(let fault) = $0 { fault } else { nil } }
    }

    var recoveries: Int {
        events.count { if case .recovered = $0 { true } else { false } }
    }

    var opens: [StreamFormat] {
        events.compactMap { if case .opened(let format) = $0 { format } else { nil } }
    }
}

extension StreamFailure {
    /// The kind of a stream failure inside a fault, if it is one.
    static func kind(of fault: CaptureFault?) -> Kind? {
        if case .streamFailed(let failure) = fault { failure.kind } else { nil }
    }
}
