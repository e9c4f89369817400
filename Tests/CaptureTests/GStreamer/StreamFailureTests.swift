import GStreamerShim
import Testing

@testable import Capture

/// What an operator reads when a GStreamer pipeline fails: the kind in words, with a hint of
/// what to do, GStreamer's message, the last line of its detail, and the element's kind.
/// Pure: no GStreamer needed.
@Suite struct StreamFailureTests {
    static let rtspDetail = """
        ../gst/rtsp/gstrtspsrc.c(6795): gst_rtspsrc_send (): /GstPipeline:pipeline0/GstRTSPSrc:rtspsrc3:
        Unauthorized
        """

    @Test(arguments: [
        (StreamFailure(kind: .missingElement, element: "pipeline", message: #"no element "rtspsrc""#),
         #"a GStreamer element is missing (install gstreamer1.0-plugins-good): no element "rtspsrc" [pipeline]"#),
        (StreamFailure(kind: .missingElement, element: "pipeline", message: #"no element "libcamerasrc""#),
         #"a GStreamer element is missing (install gstreamer1.0-libcamera): no element "libcamerasrc" [pipeline]"#),
        (StreamFailure(kind: .missingElement, element: "pipeline", message: #"no element "avdec_h265""#),
         #"a GStreamer element is missing (install gstreamer1.0-libav): no element "avdec_h265" [pipeline]"#),
        (StreamFailure(kind: .missingElement, element: "pipeline", message: #"no element "h264parse""#),
         #"a GStreamer element is missing (install gstreamer1.0-plugins-bad): no element "h264parse" [pipeline]"#),
        (StreamFailure(kind: .missingElement, element: "pipeline", message: #"no element "nosuchelement""#),
         #"a GStreamer element is missing: no element "nosuchelement" [pipeline]"#),
        (StreamFailure(kind: .invalidPipeline, element: "pipeline", message: "syntax error"),
         "the pipeline is not valid: syntax error [pipeline]"),
        (StreamFailure(kind: .notFound, element: "rtspsrc0", message: "Not found"),
         "not found (check the URL's path, or the camera's name with `yolo-edge devices`): Not found [rtspsrc]"),
        (StreamFailure(kind: .notAuthorized, element: "rtspsrc3", message: "Unauthorized", detail: rtspDetail),
         "unauthorized (check the user name and password: [stream] credentials_file or the URL): Unauthorized"
            + " (Unauthorized) [rtspsrc]"),
        (StreamFailure(
            kind: .cannotConnect, element: "rtspsrc12", message: "Could not open resource for reading and writing.",
            detail: "gstrtspsrc.c(8149): gst_rtspsrc_retrieve_sdp (): /GstPipeline:pipeline1/GstRTSPSrc:rtspsrc12:\n"
                + "Failed to connect. (Generic error)  "),
         "cannot connect or read (is the camera or server on and reachable?): Could not open resource for reading"
            + " and writing. (Failed to connect. (Generic error)) [rtspsrc]"),
        (StreamFailure(kind: .busy, element: "libcamerasrc0", message: "Camera is busy"),
         "busy (another program is using the camera): Camera is busy [libcamerasrc]"),
        (StreamFailure(kind: .unusableFormat, element: "h264parse0", message: "not negotiated"),
         "the stream cannot be turned into raw video yolo-edge reads (RTSP: is its codec [stream] codec? "
             + "libcamera: does the camera have the size asked for? see `yolo-edge devices`): not negotiated"
            + " [h264parse]"),
        (StreamFailure(kind: .endOfStream, element: "pipeline0", message: "end of stream"),
         "the stream ended: end of stream [pipeline]"),
        (StreamFailure(kind: .other, element: "", message: "Internal data stream error."),
         "GStreamer error: Internal data stream error."),
        // Element names that end in digits only through numbering keep the rest of their name.
        (StreamFailure(kind: .other, element: "v4l2h264dec0", message: "x"), "GStreamer error: x [v4l2h264dec]"),
    ])
    func descriptions(_ failure: StreamFailure, _ expected: String) {
        #expect(failure.description == expected)
        #expect(CaptureFault.streamFailed(failure).description == expected)
    }

    /// Only a last detail line that reads as words is shown: not an element path, not a
    /// function's location, not something long.
    @Test(arguments: [
        ("", nil),
        ("gstbasesrc.c(3132): gst_base_src_loop (): /GstPipeline:pipeline0/GstVideoTestSrc:videotestsrc0:", nil),
        ("/GstPipeline:pipeline0/GstRTSPSrc:rtspsrc0", nil),
        ("a.c(1): f (): /GstPipeline:p/GstX:x0:\n   streaming stopped, reason not-negotiated (-4)  ",
         "streaming stopped, reason not-negotiated (-4)"),
        ("first line\n" + String(repeating: "x", count: 201), nil),
        ("first line\n" + String(repeating: "x", count: 200), String(repeating: "x", count: 200)),
        ("   ", nil),
    ] as [(String, String?)])
    func detailReasons(_ detail: String, _ reason: String?) {
        let failure = StreamFailure(kind: .other, message: "m", detail: detail)
        #expect(failure.description == "GStreamer error: m" + (reason.map { " (\($0))" } ?? ""))
    }

    @Test func hidingASecretCoversMessageAndDetail() {
        let failure = StreamFailure(
            kind: .notAuthorized, element: "rtspsrc0", message: "401 for rtsp://u:pw1@cam/x",
            detail: "location rtsp://u:pw1@cam/x\nretrying rtsp://u:pw1@cam/x")
        let hidden = failure.hiding("pw1")
        #expect(hidden.message == "401 for rtsp://u:***@cam/x")
        #expect(hidden.detail == "location rtsp://u:***@cam/x\nretrying rtsp://u:***@cam/x")
        #expect(hidden.kind == failure.kind && hidden.element == failure.element)
        #expect(failure.hiding(nil) == failure)
        #expect(failure.hiding("") == failure)
    }

    /// The shim's events, C fault codes and fixed-size texts, read into failures.
    @Test(arguments: [
        (YE_GST_FAULT_MISSING_ELEMENT, StreamFailure.Kind.missingElement),
        (YE_GST_FAULT_SYNTAX, .invalidPipeline),
        (YE_GST_FAULT_NOT_FOUND, .notFound),
        (YE_GST_FAULT_NOT_AUTHORIZED, .notAuthorized),
        (YE_GST_FAULT_CANNOT_OPEN, .cannotConnect),
        (YE_GST_FAULT_BUSY, .busy),
        (YE_GST_FAULT_FORMAT, .unusableFormat),
        (YE_GST_FAULT_END_OF_STREAM, .endOfStream),
        (YE_GST_FAULT_OTHER, .other),
        (YE_GST_FAULT_NONE, .other),
    ])
    func shimEvents(_ fault: ye_gst_fault, _ kind: StreamFailure.Kind) {
        var event = ye_gst_event()
        event.fault = fault
        event.is_warning = true
        Self.write("rtspsrc0", into: &event.source)
        Self.write("Could not read", into: &event.text)
        Self.write("line\nGot EOS", into: &event.detail)
        let failure = StreamFailure(event)
        #expect(
            failure
                == StreamFailure(
                    kind: kind, element: "rtspsrc0", message: "Could not read", detail: "line\nGot EOS", isWarning: true))
    }

    /// Texts that fill their buffer (no NUL) and invalid UTF-8 are read safely.
    @Test func shimTextsAtTheirLimits() {
        var event = ye_gst_event()
        event.fault = YE_GST_FAULT_OTHER
        withUnsafeMutableBytes(of: &event.source) { bytes in
            for index in bytes.indices { bytes[index] = UInt8(ascii: "a") }
        }
        Self.write("caf\u{FFFD}", into: &event.text)
        withUnsafeMutableBytes(of: &event.detail) { bytes in
            bytes[0] = 0xC3  // a lead byte with no continuation
            bytes[1] = 0
        }
        let failure = StreamFailure(event)
        #expect(failure.element == String(repeating: "a", count: 64))
        #expect(failure.message == "caf\u{FFFD}")
        #expect(failure.detail == "\u{FFFD}")
        #expect(!failure.isWarning)
    }

    static func write<Buffer>(_ text: String, into buffer: inout Buffer) {
        withUnsafeMutableBytes(of: &buffer) { bytes in
            let utf8 = Array(text.utf8)
            precondition(utf8.count < bytes.count)
            bytes.copyBytes(from: utf8)
            bytes[utf8.count] = 0
        }
    }
}
