import Testing

@testable import Capture

/// `libcamera:` sources. Without a camera, what can be checked is that the description
/// parses with the real libcamerasrc, that the rest of its chain negotiates the size it asks
/// for (with a stand-in live source in libcamerasrc's place), and that a camera that is not
/// there is a fault retried, not a crash.
@Suite(.serialized) struct LibcameraSourceTests {
    @Test(arguments: [
        GStreamerPipeline.libcamera(camera: "", size: nil),
        .libcamera(camera: #"\_SB_.PCI0-0c45:6366"#, size: FrameSize(width: 640, height: 480)),
        .libcamera(camera: #"/base/soc/i2c0mux/i2c@1/imx708@1a "quoted""#, size: FrameSize(width: 2304, height: 1296)),
    ])
    func descriptionsParse(_ pipeline: GStreamerPipeline) throws {
        try GStreamerTesting.require(["libcamerasrc"])
        let source = try GStreamerSource(pipeline)
        #expect(source.name == pipeline.displayName)
        // Parsing opened no camera.
        #expect(source.status.snapshot().counters.openAttempts == 0)
    }

    /// libcamerasrc replaced by a live source of NV12 (a Raspberry Pi camera's format): the
    /// size caps and the sink's caps give frames of the size asked for.
    @Test(arguments: [(640, 480), (1536, 864), (1280, 720)])
    func chainNegotiatesTheAskedSize(width: Int, height: Int) throws {
        try GStreamerTesting.require()
        let camera = GStreamerPipeline.libcamera(camera: "", size: FrameSize(width: width, height: height))
        let full = camera.description(settings: StreamSettings(), hasElement: GStreamerLibrary.hasElement)
        let sink = " ! \(GStreamerPipeline.sink)"
        try #require(full.hasPrefix("libcamerasrc ! ") && full.hasSuffix(sink))
        // A capsfilter element: caps shorthand cannot be followed by the size's caps.
        let standIn = #"videotestsrc is-live=true ! capsfilter caps="video/x-raw,format=NV12""#
            + full.dropFirst("libcamerasrc".count).dropLast(sink.count)
        let source = try GStreamerTesting.source(standIn)
        let stopGuard = StopGuard(source.stopSignal)
        defer { #expect(!stopGuard.finish(), "no frame came") }
        let info = try #require(source.withNextFrame { info, _ in info })
        #expect(info.format == .nv12 && info.width == width && info.height == height)
        #expect(info.bytesPerLine == width)
        #expect(info.chroma == ChromaPlanes(offset: width * height, bytesPerLine: width))
    }

    /// With no such camera, the source reports why and keeps retrying, with backoff.
    @Test func missingCameraIsRetried() throws {
        try GStreamerTesting.require(["libcamerasrc"])
        // Also the first camera, where there is none at all.
        var cameras = ["yolo-edge-test-no-such-camera"]
        let present = try #require(GStreamerLibrary.libcameraCameras(), "libcamera's device provider is missing")
        if present.isEmpty { cameras.append("") }
        for camera in cameras {
            let source = try GStreamerSource(
                .libcamera(camera: camera, size: FrameSize(width: 640, height: 480)),
                settings: GStreamerTesting.settings(
                    backoff: BackoffSchedule(initial: .milliseconds(20), cap: .milliseconds(40))))
            let log = EventLog()
            log.attach(to: source)
            let watch = StatusWatch(source) { status in
                guard status.counters.openAttempts >= 3, case .backoff = status.state else { return false }
                return true
            }
            let result = source.withNextFrame { _, _ in true }
            let status = try #require(watch.wait(), "camera \(camera): never backed off three times")
            #expect(result == nil)
            let fault = try #require(status.lastFault)
            #expect(StreamFailure.kind(of: fault) == .notFound, "camera \(camera): \(fault)")
            #expect(status.counters.opens == 0 && status.counters.frames == 0)
            #expect(log.faults.count >= 3)
            #expect(source.status.snapshot().state == .finished(reason: nil))
        }
    }
}
