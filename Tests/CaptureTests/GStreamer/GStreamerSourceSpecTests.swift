import Testing

@testable import Capture

/// `--source` specs of GStreamer sources, and `[stream] credentials_file` contents. Pure.
@Suite struct GStreamerSourceSpecTests {
    static func libcamera(_ camera: String, _ width: Int, _ height: Int) -> SourceSpec {
        .gstreamer(.libcamera(camera: camera, size: FrameSize(width: width, height: height)))
    }

    /// The camera's own default size.
    static func libcamera(_ camera: String) -> SourceSpec {
        .gstreamer(.libcamera(camera: camera, size: nil))
    }

    @Test(arguments: [
        ("libcamera:", libcamera("")),
        ("csi:", libcamera("")),
        ("libcamera:640x480", libcamera("", 640, 480)),
        ("csi:1536x864", libcamera("", 1536, 864)),
        ("libcamera:imx219", libcamera("imx219")),
        ("csi:imx708:1280x720", libcamera("imx708", 1280, 720)),
        ("libcamera:/base/soc/i2c0mux/i2c@1/imx708@1a:2304x1296",
         libcamera("/base/soc/i2c0mux/i2c@1/imx708@1a", 2304, 1296)),
        // A UVC camera's libcamera name holds colons: only a last field that is a size is one.
        (#"libcamera:\_SB_.PCI0-0c45:6366"#, libcamera(#"\_SB_.PCI0-0c45:6366"#)),
        (#"libcamera:\_SB_.PCI0-0c45:6366:640x480"#, libcamera(#"\_SB_.PCI0-0c45:6366"#, 640, 480)),
        (#"csi:\_SB_.PCI0-XHC_-RHUB-HS05-5:1.0-0c45:6366:320x240"#,
         libcamera(#"\_SB_.PCI0-XHC_-RHUB-HS05-5:1.0-0c45:6366"#, 320, 240)),
        ("libcamera::640x480", libcamera("", 640, 480)),
    ])
    func libcameraSpecs(_ text: String, _ expected: SourceSpec) throws {
        let spec = try SourceSpec(parsing: text)
        #expect(spec == expected)
        #expect(spec.usesGStreamer)
    }

    @Test(arguments: [
        ("libcamera:641x480", "a libcamera size must be even on both sides, got 641x480"),
        ("csi:imx219:640x481", "a libcamera size must be even on both sides, got 640x481"),
        (#"libcamera:\_SB_.PCI0-0c45:6366:1x1"#, "a libcamera size must be even on both sides, got 1x1"),
    ])
    func oddLibcameraSizesAreRefused(_ text: String, _ problem: String) {
        #expect(throws: SourceSpecError(text, problem)) { try SourceSpec(parsing: text) }
    }

    @Test(arguments: [
        ("rtsp://cam.local/live", "rtsp://cam.local/live"),
        ("rtsps://admin:pw@10.0.0.2:322/stream", "rtsps://admin:pw@10.0.0.2:322/stream"),
        ("rtsp://cam", "rtsp://cam"),
    ])
    func rtspURLsAreKeptWhole(_ text: String, _ url: String) throws {
        let spec = try SourceSpec(parsing: text)
        #expect(spec == .gstreamer(.rtsp(url: url)))
        #expect(spec.usesGStreamer)
    }

    @Test(arguments: ["rtsp://", "rtsp:///path", "rtsp://user:pw@/path", "rtsps://"])
    func rtspURLsNeedAHost(_ text: String) {
        #expect(throws: SourceSpecError(text, "the URL needs a host")) { try SourceSpec(parsing: text) }
    }

    @Test func gstSpecs() throws {
        #expect(
            try SourceSpec(parsing: "gst:videotestsrc ! video/x-raw,width=64")
                == .gstreamer(.custom("videotestsrc ! video/x-raw,width=64")))
        // The pipeline is taken whole, colons included.
        #expect(
            try SourceSpec(parsing: "gst:souphttpsrc location=http://x:8080/a ! jpegdec")
                == .gstreamer(.custom("souphttpsrc location=http://x:8080/a ! jpegdec")))
        for text in ["gst:", "gst:   "] {
            #expect(throws: SourceSpecError(text, "gst: needs a pipeline, e.g. gst:videotestsrc is-live=true")) {
                try SourceSpec(parsing: text)
            }
        }
        #expect(try !SourceSpec(parsing: "/dev/video0").usesGStreamer)
    }

    @Test func unknownSpecsNameTheGStreamerForms() {
        #expect(throws: SourceSpecError("http://cam/video", "expected \(SourceSpec.syntax)")) {
            try SourceSpec(parsing: "http://cam/video")
        }
        for form in ["rtsp://", "libcamera:[CAMERA][:WIDTHxHEIGHT]", "gst:PIPELINE"] {
            #expect(SourceSpec.syntax.contains(form))
        }
    }

    // MARK: credentials files

    @Test(arguments: [
        ("admin:secret", "admin", "secret"),
        ("admin:secret\n", "admin", "secret"),
        ("admin:secret\r\n", "admin", "secret"),
        ("admin:secret\r\nsecond:line\r\n", "admin", "secret"),
        ("admin:secret\nsecond:line", "admin", "secret"),
        ("admin:se:cr:et", "admin", "se:cr:et"),
        ("admin:", "admin", ""),
        ("admin:pass word ", "admin", "pass word "),
        ("admin:secret\r", "admin", "secret"),
    ])
    func credentialsFiles(_ contents: String, _ user: String, _ password: String) throws {
        let credentials = try #require(StreamCredentials(fileContents: contents))
        #expect(credentials == StreamCredentials(user: user, password: password))
    }

    @Test(arguments: ["", "\n", "adminsecret", ":secret", ":", "\nadmin:secret", "\r\nadmin:secret"])
    func credentialsFilesWithoutAUser(_ contents: String) {
        #expect(StreamCredentials(fileContents: contents) == nil)
    }

    @Test func credentialsNeverPrintTheirPassword() {
        let credentials = StreamCredentials(user: "admin", password: "hunter2")
        #expect("\(credentials)" == "admin:***")
        #expect(!"\(StreamSettings(credentials: credentials))".contains("hunter2"))
    }
}
