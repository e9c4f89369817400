import Testing

@testable import Capture

/// The gst-launch descriptions yolo-edge builds for RTSP and libcamera sources, and what logs
/// may show of them. Pure: no GStreamer needed.
@Suite struct GStreamerPipelineTests {
    static let sink =
        #"capsfilter caps="video/x-raw,format=(string){NV12,YUY2,I420,RGB}" ! "#
        + "appsink name=yolo_edge_sink max-buffers=1 drop=true sync=false"
    static let noHardware: @Sendable (String) -> Bool = { _ in false }

    @Test func sinkAcceptsTheOnePassFormatsOnly() {
        #expect(GStreamerPipeline.sink == Self.sink)
        // Every format the sink allows, the preprocessor reads in one pass.
        for format in [PixelFormat.nv12, .yuyv, .i420, .rgb24] {
            #expect(FramePreprocessor.supportedFormats.contains(format))
        }
    }

    @Test func rtspWithDefaults() {
        let pipeline = GStreamerPipeline.rtsp(url: "rtsp://cam.local:554/stream1")
        let expected =
            #"rtspsrc location="rtsp://cam.local:554/stream1" latency=200 drop-on-latency=true"#
            + " timeout=2000000 tcp-timeout=5000000 ! application/x-rtp,media=video ! decodebin ! \(Self.sink)"
        #expect(pipeline.description(settings: StreamSettings(), hasElement: Self.noHardware) == expected)
        // Nothing to hide.
        #expect(pipeline.redacted(settings: StreamSettings(), hasElement: Self.noHardware) == expected)
        #expect(pipeline.displayName == "rtsp://cam.local:554/stream1")
    }

    @Test func rtspSettingsReachTheDescription() {
        let settings = StreamSettings(
            frameTimeout: .milliseconds(2500), latency: .milliseconds(350), transport: .tcp, codec: .h265)
        let pipeline = GStreamerPipeline.rtsp(url: "rtsps://10.0.0.5/h265")
        let expected =
            #"rtspsrc location="rtsps://10.0.0.5/h265" latency=350 drop-on-latency=true"#
            + " timeout=2000000 tcp-timeout=2500000 protocols=tcp ! rtph265depay ! h265parse ! avdec_h265 ! \(Self.sink)"
        #expect(pipeline.description(settings: settings, hasElement: Self.noHardware) == expected)
    }

    @Test(arguments: [
        (StreamSettings.Transport.auto, ""), (.tcp, " protocols=tcp"), (.udp, " protocols=udp"),
    ])
    func transport(_ transport: StreamSettings.Transport, _ option: String) {
        let text = GStreamerPipeline.rtsp(url: "rtsp://cam/x").description(
            settings: StreamSettings(transport: transport, codec: .h264), hasElement: Self.noHardware)
        #expect(text.contains("tcp-timeout=5000000\(option) ! rtph264depay"))
        #expect(text.ranges(of: "protocols=").count == (option.isEmpty ? 0 : 1))
    }

    /// Milliseconds and microseconds are whole, rounded down.
    @Test func durationsAreWholeUnits() {
        let settings = StreamSettings(frameTimeout: .nanoseconds(1_234_567_891), latency: .microseconds(99_999))
        let text = GStreamerPipeline.rtsp(url: "rtsp://cam/x").description(settings: settings, hasElement: Self.noHardware)
        #expect(text.contains(" latency=99 "))
        #expect(text.contains(" tcp-timeout=1234567 "))
    }

    /// A V4L2 memory-to-memory decoder where its plugin found a device (stateful as a
    /// Raspberry Pi 4's, before stateless), FFmpeg's otherwise.
    @Test(arguments: [
        (StreamSettings.Codec.h264, [], "avdec_h264"),
        (.h264, ["v4l2h264dec"], "v4l2h264dec"),
        (.h264, ["v4l2slh264dec"], "v4l2slh264dec"),
        (.h264, ["v4l2slh264dec", "v4l2h264dec"], "v4l2h264dec"),
        (.h264, ["v4l2h265dec", "v4l2slh265dec", "avdec_h265"], "avdec_h264"),
        (.h265, [], "avdec_h265"),
        (.h265, ["v4l2h265dec", "v4l2h264dec"], "v4l2h265dec"),
        (.h265, ["v4l2slh265dec"], "v4l2slh265dec"),
    ] as [(StreamSettings.Codec, [String], String)])
    func decoderChoice(_ codec: StreamSettings.Codec, _ installed: [String], _ decoder: String) {
        let hasElement = { (name: String) in installed.contains(name) }
        #expect(GStreamerPipeline.decoder(for: codec, hasElement: hasElement) == decoder)
        let text = GStreamerPipeline.rtsp(url: "rtsp://cam/x").description(
            settings: StreamSettings(codec: codec), hasElement: hasElement)
        #expect(
            text.hasSuffix(
                "! rtp\(codec.rawValue)depay ! \(codec.rawValue)parse ! \(decoder) ! \(Self.sink)"))
    }

    @Test func credentialsInTheURLAreHiddenFromLogs() {
        let pipeline = GStreamerPipeline.rtsp(url: "rtsp://admin:s3cr3t@192.168.1.20:554/Streaming/101")
        let full = pipeline.description(settings: StreamSettings(), hasElement: Self.noHardware)
        #expect(full.hasPrefix(#"rtspsrc location="rtsp://admin:s3cr3t@192.168.1.20:554/Streaming/101" "#))
        let redacted = pipeline.redacted(settings: StreamSettings(), hasElement: Self.noHardware)
        #expect(redacted.hasPrefix(#"rtspsrc location="rtsp://admin:***@192.168.1.20:554/Streaming/101" "#))
        #expect(!redacted.contains("s3cr3t"))
        #expect(pipeline.displayName == "rtsp://admin:***@192.168.1.20:554/Streaming/101")
        // Credentials from the settings do not override the URL's.
        let settings = StreamSettings(credentials: StreamCredentials(user: "other", password: "filepw"))
        let withFile = pipeline.description(settings: settings, hasElement: Self.noHardware)
        #expect(!withFile.contains("user-id") && !withFile.contains("filepw"))
    }

    @Test func credentialsFromTheSettingsBecomeProperties() {
        let pipeline = GStreamerPipeline.rtsp(url: "rtsp://cam.local/live")
        let settings = StreamSettings(credentials: StreamCredentials(user: "viewer", password: #"p"w\d"#))
        let full = pipeline.description(settings: settings, hasElement: Self.noHardware)
        #expect(full.contains(#" tcp-timeout=5000000 user-id="viewer" user-pw="p\"w\\d" ! application/x-rtp"#))
        let redacted = pipeline.redacted(settings: settings, hasElement: Self.noHardware)
        #expect(redacted.contains(#" user-id="viewer" user-pw="***" ! application/x-rtp"#))
        #expect(!redacted.contains("p\\\"w"))
        #expect(pipeline.displayName == "rtsp://cam.local/live")
    }

    @Test(arguments: [
        ("rtsp://user:pa:ss@cam/x", "rtsp://user:***@cam/x", "pa:ss"),
        ("rtsp://user:p@ss@cam/x", "rtsp://user:***@cam/x", "p@ss"),
        ("rtsp://user@cam/x", "rtsp://user@cam/x", nil),
        ("rtsp://:pw@cam/x", "rtsp://:***@cam/x", "pw"),
        ("rtsp://user:@cam/x", "rtsp://user:***@cam/x", ""),
        // An @ past the host is the path's, not credentials.
        ("rtsp://cam/x@y:z", "rtsp://cam/x@y:z", nil),
        ("rtsp://cam?user=a:b@c", "rtsp://cam?user=a:b@c", nil),
        ("rtsps://u:pw@cam", "rtsps://u:***@cam", "pw"),
    ] as [(String, String, String?)])
    func urlPasswords(_ url: String, _ shown: String, _ password: String?) {
        #expect(RTSPURL.redacting(url) == shown)
        #expect(RTSPURL.password(in: url) == password)
        #expect(GStreamerPipeline.rtsp(url: url).displayName == shown)
        let redacted = GStreamerPipeline.rtsp(url: url).redacted(settings: StreamSettings(), hasElement: Self.noHardware)
        if let password, !password.isEmpty { #expect(!redacted.contains(password)) }
    }

    @Test(arguments: [
        ("plain", #""plain""#),
        ("", #""""#),
        (#"say "hi""#, #""say \"hi\"""#),
        (#"C:\path\"#, #""C:\\path\\""#),
        (#"\""#, #""\\\"""#),
        ("sp ace ! not a link", #""sp ace ! not a link""#),
    ])
    func quoting(_ value: String, _ expected: String) {
        #expect(quoted(value) == expected)
    }

    @Test func libcameraDescriptions() {
        let anySize = GStreamerPipeline.libcamera(camera: "", size: nil)
        #expect(anySize.description(settings: StreamSettings(), hasElement: Self.noHardware) == "libcamerasrc ! \(Self.sink)")
        #expect(anySize.displayName == "libcamera:")
        let first = GStreamerPipeline.libcamera(camera: "", size: FrameSize(width: 1280, height: 720))
        #expect(
            first.description(settings: StreamSettings(), hasElement: Self.noHardware)
                == "libcamerasrc ! video/x-raw,width=1280,height=720 ! \(Self.sink)")
        #expect(first.displayName == "libcamera::1280x720")
        let named = GStreamerPipeline.libcamera(
            camera: #"\_SB_.PCI0-0c45:6366"#, size: FrameSize(width: 640, height: 480))
        #expect(
            named.description(settings: StreamSettings(), hasElement: Self.noHardware)
                == #"libcamerasrc camera-name="\\_SB_.PCI0-0c45:6366" ! video/x-raw,width=640,height=480 ! "#
                + Self.sink)
        #expect(named.displayName == #"libcamera:\_SB_.PCI0-0c45:6366:640x480"#)
        // Credentials are for RTSP only.
        let settings = StreamSettings(credentials: StreamCredentials(user: "u", password: "pw"))
        #expect(!named.description(settings: settings, hasElement: Self.noHardware).contains("pw"))
    }

    @Test func customPipelinesAreTakenAsGiven() {
        let pipeline = GStreamerPipeline.custom("videotestsrc is-live=true ! video/x-raw,width=320,height=240")
        #expect(
            pipeline.description(settings: StreamSettings(), hasElement: Self.noHardware)
                == "videotestsrc is-live=true ! video/x-raw,width=320,height=240 ! \(Self.sink)")
        #expect(pipeline.displayName == "gst:videotestsrc is-live=true ! video/x-raw,width=320,height=240")
    }
}
