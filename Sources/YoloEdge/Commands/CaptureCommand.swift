import ArgumentParser
import Capture
import Daemon
import Detect
import Dispatch
import FoundationEssentials
import Glibc
import Infer
import Track

/// `yolo-edge capture`: grabs frames from a source and reports what happened — the
/// granted format, the frame rate, drops and recoveries. A diagnostic for users, and the
/// driver of the VM test against the vivid kernel driver.
struct CaptureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Capture frames from a source and report rate, drops and recoveries.",
        discussion: """
            SPEC is /dev/videoN, /dev/v4l/by-id/NAME, v4l2:PATH, \
            raw:PATH:WIDTHxHEIGHT:yuyv|nv12[:loop][:fps=RATE] for recorded raw frames, or a \
            GStreamer source: rtsp://[USER:PASSWORD@]HOST[:PORT]/PATH (an IP camera), \
            libcamera:[CAMERA][:WIDTHxHEIGHT] (a Raspberry Pi CSI camera) or gst:PIPELINE (any \
            pipeline ending in raw video). GStreamer sources take their settings from the \
            defaults of the config's [stream] table; see docs/cameras.md.

            With --model, each frame also goes through the detector and the daemon's tracker \
            (with the daemon's default settings), and a line per frame on stderr names what \
            was seen, with track IDs: `capture: frame 12: person #3 0.91, car #4 0.62`.
            """)

    @Option(name: .long, help: ArgumentHelp("Where frames come from (see above).", valueName: "spec"))
    var source: String

    @Option(name: .long, help: "Number of frames to capture.")
    var frames = 100

    @Option(name: .long, help: "Pixel format: yuyv, nv12, mjpeg or rgb24 (default: best available).")
    var format: String?

    @Option(name: .long, help: "Requested frame size WIDTHxHEIGHT.")
    var size = "640x480"

    @Option(name: .long, help: "Requested frames per second.")
    var fps: Double?

    @Option(name: .long, help: "Give up after this many seconds without N frames.")
    var timeout = 60.0

    @Flag(name: .long, help: "Print the report as one JSON object.")
    var json = false

    @Option(name: .long, help: ArgumentHelp(
        "Also detect and track objects in each frame with this model (a .tflite or .yem).", valueName: "path"))
    var model: String?

    func run() throws {
        let spec: SourceSpec
        do {
            spec = try SourceSpec(parsing: source)
        } catch {
            throw ValidationError(error.description)
        }
        let stopSignal = StopSignal()
        let frameSource: any FrameSource
        do {
            frameSource = try spec.makeSource(request: try captureRequest(), stopSignal: stopSignal)
        } catch let fault as CaptureFault {
            throw CaptureFailure(message: fault.description)
        }
        let tracked = try model.map(Self.trackedDetector)
        var detections: [Detection] = []
        var statistics = CaptureStatistics()
        if let camera = frameSource as? any CaptureEventReporting {
            camera.onEvent = { event in
                statistics.record(event)
                StandardError.write("capture: \(event)\n")
            }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { stopSignal.stop() }
        let started = ContinuousClock.now
        while statistics.frames < frames {
            let received: Void? = try frameSource.withNextFrame { info, bytes in
                statistics.record(info, byteCount: bytes.byteCount)
                guard let tracked else { return }
                _ = try tracked.detect(info, bytes, into: &detections)
                let seen = detections.map { detection in
                    tracked.detector.label(of: detection.classID) + (detection.trackID.map { " #\($0)" } ?? "")
                        + String(printf: " %.2f", detection.score)
                }
                StandardError.write("capture: frame \(info.sequence): \(seen.isEmpty ? "-" : seen.joined(separator: ", "))\n")
            }
            if received == nil { break }
        }
        stopSignal.stop()
        let report = CaptureReport(
            source: frameSource.name, statistics: statistics, status: frameSource.status.snapshot(),
            elapsed: ContinuousClock.now - started)
        print(json ? try report.json() : report.text())
        if statistics.frames < frames {
            throw CaptureFailure(message: "got \(statistics.frames) of \(frames) frames")
        }
    }

    /// The detector and tracker `run` would use on this model with its default config.
    private static func trackedDetector(model: String) throws -> SourceFrameDetector {
        let defaults = DaemonConfig.Detection()
        let tracking = SourceFrameDetector.trackerSettings(
            confidence: Float(defaults.confidence), lowScore: Float(DaemonConfig.Tracking().lowScore))
        let detector = try YOLODetector(
            graph: ModelLoader.load(path: model), size: .model, threads: 1,
            nms: NMSOptions(confidence: tracking.detectorThreshold, iou: defaults.iou, maxDetections: defaults.maxDetections))
        return try SourceFrameDetector(detector: detector, tracking: tracking, maxDetections: defaults.maxDetections)
    }

    private func captureRequest() throws -> CaptureRequest {
        guard let wantedSize = FrameSize(parsing: size) else {
            throw ValidationError("--size must be WIDTHxHEIGHT with sides from 1 to \(FrameSize.maximumSide), got \(size)")
        }
        var request = CaptureRequest(size: wantedSize, framesPerSecond: fps)
        if let format {
            guard let pixelFormat = PixelFormat(name: format) else {
                throw ValidationError("--format must be yuyv, nv12, mjpeg, rgb24 or a fourcc, got \(format)")
            }
            request.formats = [pixelFormat]
        }
        if let fps, !(fps > 0 && fps <= 1000) {
            throw ValidationError("--fps must be more than 0 and at most 1000, got \(fps)")
        }
        return request
    }
}

/// A capture run that did not deliver what was asked; exits non-zero with this message.
struct CaptureFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// What `capture` prints: the granted format, rates, counters and recovery times.
struct CaptureReport: Encodable {
    let source: String
    let format: String?
    let width: Int?
    let height: Int?
    let bytesPerLine: Int?
    let grantedFps: Double?
    let converted: Bool?
    let frames: Int
    let measuredFps: Double?
    let elapsedSeconds: Double
    let shortFrames: Int
    let drops: Int
    let framesAfterGaps: [Int]
    let timeouts: Int
    let corruptBuffers: Int
    let openAttempts: Int
    let reconnects: Int
    let recoveryMilliseconds: [Double]
    let openedFormats: [String]
    let formatDescription: String?
    let state: String
    let lastFault: String?

    init(source: String, statistics: CaptureStatistics, status: CaptureStatus, elapsed: Duration) {
        self.source = source
        format = status.format?.format.description
        width = status.format?.width
        height = status.format?.height
        bytesPerLine = status.format?.bytesPerLine
        grantedFps = status.format?.framesPerSecond
        converted = status.format?.isConverted
        frames = statistics.frames
        measuredFps = statistics.measuredFramesPerSecond.map { ($0 * 100).rounded() / 100 }
        elapsedSeconds = (elapsed.seconds * 1000).rounded() / 1000
        shortFrames = statistics.shortFrames
        drops = status.counters.drops
        framesAfterGaps = statistics.framesAfterGaps
        timeouts = status.counters.timeouts
        corruptBuffers = status.counters.corruptBuffers
        openAttempts = status.counters.openAttempts
        reconnects = status.counters.reconnects
        recoveryMilliseconds = statistics.recoveryTimes.map { ($0.seconds * 10_000).rounded() / 10 }
        openedFormats = statistics.openedFormats.map(\.description)
        formatDescription = status.format?.description
        state = "\(status.state)"
        lastFault = status.lastFault?.description
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    func text() -> String {
        var lines = ["source \(source): \(formatDescription ?? "no format")"]
        if openedFormats.count > 1 {
            lines.append("reopened \(openedFormats.count - 1) times as \(openedFormats.dropFirst())")
        }
        lines.append(
            "\(frames) frames in \(elapsedSeconds) s, \(measuredFps.map { "\($0) fps" } ?? "rate unknown"), "
                + "\(drops) dropped, \(shortFrames) short, \(corruptBuffers) corrupt")
        lines.append(
            "\(openAttempts) open attempts, \(reconnects) reconnects, \(timeouts) timeouts"
                + (recoveryMilliseconds.isEmpty ? "" : ", recovered in \(recoveryMilliseconds) ms"))
        lines.append("state \(state)" + (lastFault.map { ", last fault: \($0)" } ?? ""))
        return lines.joined(separator: "\n")
    }
}
