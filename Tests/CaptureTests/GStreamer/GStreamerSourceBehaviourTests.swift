import Foundation
import Synchronization
import Testing

@testable import Capture

/// GStreamerSource on real pipelines: restarts after the end of a stream and after a stall,
/// backoff while a pipeline delivers nothing, newest-frame-only delivery with drops counted,
/// stopping from another thread, and faults at start.
@Suite(.serialized) struct GStreamerSourceBehaviourTests {
    static let small = "video/x-raw,format=I420,width=64,height=48"

    /// A stream that ends is started again at once; its frames' sequence numbers go on from
    /// the last stream's.
    @Test func endOfStreamIsFollowedByARestart() throws {
        try GStreamerTesting.require()
        let source = try GStreamerTesting.source(
            "videotestsrc is-live=true num-buffers=5 ! \(Self.small),framerate=60/1")
        let log = EventLog()
        log.attach(to: source)
        let stopGuard = StopGuard(source.stopSignal)
        var sequences: [UInt32] = []
        while sequences.count < 16, let sequence = source.withNextFrame({ info, _ in info.sequence }) {
            sequences.append(sequence)
        }
        #expect(!stopGuard.finish())
        #expect(sequences.count == 16)
        #expect(zip(sequences, sequences.dropFirst()).allSatisfy { $0 < $1 }, "\(sequences)")
        let status = source.status.snapshot()
        // Streams of 5 frames: 16 frames take 4 of them at least.
        #expect(status.counters.reconnects >= 3)
        #expect(status.counters.opens == status.counters.reconnects + 1)
        #expect(status.counters.openAttempts == status.counters.opens)
        #expect(status.counters.frames == 16)
        #expect(status.counters.timeouts == 0)
        #expect(StreamFailure.kind(of: status.lastFault) == .endOfStream)
        #expect(status.lastRecoveryTime != nil)
        #expect(status.state == .streaming)
        #expect(log.faults.count >= 3)
        #expect(log.faults.allSatisfy { StreamFailure.kind(of: $0) == .endOfStream }, "\(log.faults)")
        // A restart after a stream that delivered frames waits for nothing.
        #expect(zip(log.faults, log.faultStates).allSatisfy { $1 == .backoff(reason: $0, retryIn: .zero) })
        #expect(log.faultStates.count == log.faults.count)
        #expect(log.recoveries == status.counters.reconnects)
        #expect(log.opens.count == status.counters.opens)
    }

    /// A stream that stalls after frames (the next frame of a 1-per-10-seconds source is far
    /// off) is restarted once `frameTimeout` passes without a frame.
    @Test func stalledStreamIsRestartedAfterTheFrameTimeout() throws {
        try GStreamerTesting.require()
        let source = try GStreamerTesting.source(
            "videotestsrc is-live=true ! \(Self.small),framerate=1/10",
            settings: GStreamerTesting.settings(frameTimeout: .milliseconds(300), startGrace: .seconds(10)))
        let log = EventLog()
        log.attach(to: source)
        let stopGuard = StopGuard(source.stopSignal)
        var sequences: [UInt32] = []
        while sequences.count < 3, let sequence = source.withNextFrame({ info, _ in info.sequence }) {
            sequences.append(sequence)
        }
        #expect(!stopGuard.finish())
        #expect(sequences == [1, 2, 3])
        let status = source.status.snapshot()
        #expect(status.counters.timeouts == 2)
        #expect(status.counters.reconnects == 2)
        #expect(status.lastFault == .timeout(.milliseconds(300)))
        #expect(log.faults == [.timeout(.milliseconds(300)), .timeout(.milliseconds(300))])
        // Each fault put the source in backoff, with no wait after a stream that had frames.
        #expect(
            log.faultStates == Array(
                repeating: .backoff(reason: .timeout(.milliseconds(300)), retryIn: .zero), count: 2))
        #expect(log.recoveries == 2)
    }

    /// A pipeline that never delivers a frame is given up after `frameTimeout` plus
    /// `startGrace`, then retried with growing waits, until stopped.
    @Test func silentPipelineBacksOff() throws {
        try GStreamerTesting.require(["videotestsrc", "valve"])
        let source = try GStreamerTesting.source(
            "videotestsrc is-live=true ! \(Self.small),framerate=30/1 ! valve drop=true",
            settings: GStreamerTesting.settings(
                frameTimeout: .milliseconds(200), startGrace: .milliseconds(200),
                backoff: BackoffSchedule(initial: .milliseconds(300), cap: .milliseconds(600))))
        // Reconnecting from the first fault on, attempts included: the third timeout ends the
        // third attempt, 600 ms before the fourth.
        let watch = StatusWatch(source) { $0.counters.timeouts >= 3 }
        let result = source.withNextFrame { _, _ in true }
        let status = try #require(watch.wait(), "the source never backed off a third time")
        #expect(result == nil)
        #expect(status.state == .backoff(reason: .timeout(.milliseconds(400)), retryIn: .milliseconds(600)))
        #expect(status.counters.openAttempts == 3 && status.counters.timeouts == 3)
        #expect(status.counters.opens == 0 && status.counters.frames == 0)
        #expect(status.lastFault == .timeout(.milliseconds(400)))
        #expect(source.status.snapshot().state == .finished(reason: nil))
    }

    /// A consumer slower than the stream gets the newest frame each time; the frames replaced
    /// meanwhile are counted as drops, and are exactly the gaps in the sequence numbers.
    @Test func slowConsumerCountsDrops() throws {
        try GStreamerTesting.require()
        let source = try GStreamerTesting.source(
            "videotestsrc is-live=true ! video/x-raw,format=NV12,width=160,height=120,framerate=60/1")
        let stopGuard = StopGuard(source.stopSignal)
        var frames: [(sequence: UInt32, timestamp: Duration)] = []
        while frames.count < 25,
            let frame = source.withNextFrame({ (info, _) -> (UInt32, Duration) in
                usleep(40_000)
                return (info.sequence, info.timestamp)
            })
        {
            frames.append(frame)
        }
        #expect(!stopGuard.finish())
        try #require(frames.count == 25)
        let status = source.status.snapshot()
        #expect(status.counters.reconnects == 0)
        #expect(status.counters.frames == 25)
        #expect(status.counters.drops > 0)
        // Sequences count every frame the pipeline delivered from 1: all that were not taken
        // were replaced, and counted.
        let gaps = zip(frames, frames.dropFirst()).map { Int($1.sequence) - Int($0.sequence) - 1 }
        #expect(gaps.allSatisfy { $0 >= 0 })
        #expect(Int(frames[0].sequence) - 1 + gaps.reduce(0, +) == status.counters.drops)
        #expect(zip(frames, frames.dropFirst()).allSatisfy { $0.timestamp < $1.timestamp })
    }

    /// Stopping from another thread ends a wait for a frame at once.
    @Test func stopEndsAWaitPromptly() throws {
        try GStreamerTesting.require(["videotestsrc", "valve"])
        let source = try GStreamerTesting.source(
            "videotestsrc is-live=true ! \(Self.small) ! valve drop=true",
            settings: GStreamerTesting.settings(frameTimeout: .seconds(60), startGrace: .seconds(60)))
        let stopGuard = StopGuard(source.stopSignal)
        let stopper = StopAfterOpening(board: source.status, stopSignal: source.stopSignal)
        let result = source.withNextFrame { _, _ in true }
        let returnedAt = ContinuousClock.now
        #expect(!stopGuard.finish())
        let stopped = try #require(stopper.stoppedAt())
        #expect(result == nil)
        #expect(returnedAt - stopped < .seconds(1))
        let status = source.status.snapshot()
        #expect(status.state == .finished(reason: nil))
        #expect(status.counters.timeouts == 0 && status.counters.openAttempts == 1)
        // Stopped stays stopped.
        #expect(source.withNextFrame { _, _ in true } == nil)
    }

    // MARK: Faults at start

    @Test func missingElementIsRefusedAtOnce() throws {
        try GStreamerTesting.require()
        let failure = try Self.refusal(.custom("nosuchelement is-live=true"))
        #expect(failure.kind == .missingElement)
        #expect(failure.message == #"no element "nosuchelement""#)
        #expect(failure.description.contains("nosuchelement"))
        #expect(!failure.isWarning)
    }

    @Test(arguments: [
        ("videotestsrc ! ! videoconvert", "syntax error"),
        ("videotestsrc nosuchproperty=1", #"no property "nosuchproperty" in element "videotestsrc"#),
        ("videotestsrc ! video/x-raw,width=abc", "could not link"),
    ])
    func invalidPipelinesAreRefusedAtOnce(_ pipeline: String, _ message: String) throws {
        try GStreamerTesting.require()
        let failure = try Self.refusal(.custom(pipeline))
        #expect(failure.kind == .invalidPipeline)
        #expect(failure.description.hasPrefix("the pipeline is not valid: "))
        #expect(failure.message.contains(message), "\(failure.message)")
    }

    /// The error GStreamerSource.init throws for `pipeline`.
    static func refusal(_ pipeline: GStreamerPipeline) throws -> StreamFailure {
        let error = try #require(throws: CaptureFault.self) { try GStreamerSource(pipeline) }
        guard case .streamFailed(let failure) = error else {
            Issue.record("expected a stream failure, got \(error)")
            throw error
        }
        return failure
    }

    /// A format the appsink does not accept (a grey JPEG decodes to GRAY8) fails at
    /// negotiation, when the pipeline runs: a fault, retried, not a crash.
    @Test func unacceptedFormatIsAFaultRetried() throws {
        try GStreamerTesting.require(["videotestsrc", "jpegenc", "jpegdec"])
        let source = try GStreamerTesting.source(
            "videotestsrc is-live=true ! video/x-raw,format=GRAY8,width=64,height=48 ! jpegenc ! jpegdec")
        let watch = StatusWatch(source) { $0.counters.openAttempts >= 2 && $0.lastFault != nil }
        let result = source.withNextFrame { _, _ in true }
        let status = try #require(watch.wait())
        #expect(result == nil)
        let fault = try #require(status.lastFault)
        #expect(StreamFailure.kind(of: fault) == .unusableFormat, "\(fault)")
        #expect("\(fault)".contains("not-negotiated"), "\(fault)")
        #expect(status.counters.frames == 0 && status.counters.opens == 0)
    }

    /// A pipeline that cannot start (its file is missing) is a fault, retried with backoff.
    @Test func pipelineThatCannotStartIsRetried() throws {
        try GStreamerTesting.require(["filesrc", "decodebin"])
        let source = try GStreamerTesting.source(
            "filesrc location=/nonexistent/yolo-edge.mp4 ! decodebin",
            settings: GStreamerTesting.settings(
                backoff: BackoffSchedule(initial: .milliseconds(20), cap: .milliseconds(40))))
        let log = EventLog()
        log.attach(to: source)
        let watch = StatusWatch(source) { status in
            guard status.counters.openAttempts >= 4, case .backoff = status.state else { return false }
            return true
        }
        let result = source.withNextFrame { _, _ in true }
        let status = try #require(watch.wait())
        #expect(result == nil)
        let fault = try #require(status.lastFault)
        #expect(StreamFailure.kind(of: fault) == .notFound, "\(fault)")
        #expect(status.state == .backoff(reason: fault, retryIn: .milliseconds(40)))
        #expect(status.counters.opens == 0 && status.counters.timeouts == 0)
        #expect(log.faults.count >= 3 && log.recoveries == 0)
    }

    /// An RTSP description parses with GStreamer's own elements, quotes in the URL included,
    /// and an unreachable server is a fault whose text hides the password.
    @Test func rtspSourcesParseAndHideTheirPassword() throws {
        try GStreamerTesting.require(["rtspsrc", "decodebin", "rtph264depay", "h264parse", "avdec_h264"])
        _ = try GStreamerSource(.rtsp(url: #"rtsp://user:p"a\ss@127.0.0.1:9/x"#))
        _ = try GStreamerSource(.rtsp(url: "rtsp://127.0.0.1:9/x"), settings: StreamSettings(codec: .h264))
        let source = try GStreamerSource(
            .rtsp(url: "rtsp://127.0.0.1:9/stream"),
            settings: StreamSettings(
                credentials: StreamCredentials(user: "viewer", password: "Hunter2Secret"), transport: .tcp,
                backoff: BackoffSchedule(initial: .milliseconds(50), cap: .milliseconds(100))))
        #expect(source.name == "rtsp://127.0.0.1:9/stream")
        let log = EventLog()
        log.attach(to: source)
        let watch = StatusWatch(source) { $0.counters.openAttempts >= 2 && $0.lastFault != nil }
        let result = source.withNextFrame { _, _ in true }
        let status = try #require(watch.wait())
        #expect(result == nil)
        let fault = try #require(status.lastFault)
        #expect(StreamFailure.kind(of: fault) == .cannotConnect, "\(fault)")
        for fault in log.faults {
            #expect(!"\(fault)".contains("Hunter2Secret"))
        }
    }
}

/// Stops a source from another thread once it is opening, and says when it did.
final class StopAfterOpening: Sendable {
    private let stopped = Mutex<ContinuousClock.Instant?>(nil)
    private let done = DispatchSemaphore(value: 0)

    init(board: StatusBoard, stopSignal: StopSignal) {
        Thread.detachNewThread { [self] in
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline, board.snapshot().counters.openAttempts < 1 {
                usleep(1_000)
            }
            // Well into the wait for a first frame.
            usleep(300_000)
            stopped.withLock { $0 = ContinuousClock.now }
            stopSignal.stop()
            done.signal()
        }
    }

    func stoppedAt() -> ContinuousClock.Instant? {
        done.wait()
        return stopped.withLock { $0 }
    }
}
