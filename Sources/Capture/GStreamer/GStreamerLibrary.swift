import GStreamerShim

/// GStreamer, loaded into the process on first use (dlopen): a V4L2-only install does not
/// have it, and does not need it.
public enum GStreamerLibrary {
    /// Loads and initialises GStreamer, once per process; later calls return at once.
    /// Throws ``CaptureFault/gstreamerUnavailable(_:)`` saying what to install.
    public static func load() throws(CaptureFault) {
        var error = [CChar](repeating: 0, count: 256)
        guard ye_gst_load(&error, error.count) else { throw .gstreamerUnavailable(String(cChars: error)) }
    }

    /// True if a plugin provides the element `name`. Needs `load()`.
    public static func hasElement(_ name: String) -> Bool {
        ye_gst_has_element(name)
    }

    /// The cameras libcamera sees, by name; nil when its GStreamer plugin is not installed.
    /// Needs `load()`.
    public static func libcameraCameras() -> [String]? {
        var names = [CChar](repeating: 0, count: 4096)
        guard ye_gst_list_libcamera_cameras(&names, names.count) >= 0 else { return nil }
        return String(cChars: names).split(separator: "\n").map(String.init)
    }

    /// The Debian package that provides a GStreamer element, for error messages.
    static func package(providing element: String) -> String? {
        switch element {
        case "rtspsrc", "rtph264depay", "rtph265depay", "v4l2src", "v4l2h264dec", "v4l2h265dec":
            "gstreamer1.0-plugins-good"
        case "h264parse", "h265parse", "v4l2slh264dec", "v4l2slh265dec": "gstreamer1.0-plugins-bad"
        case "avdec_h264", "avdec_h265": "gstreamer1.0-libav"
        case "libcamerasrc": "gstreamer1.0-libcamera"
        case "appsink", "videotestsrc", "videoconvert", "videoscale", "decodebin", "uridecodebin":
            "gstreamer1.0-plugins-base"
        default: nil
        }
    }
}

extension String {
    /// The text of a NUL-terminated C buffer (all of it if it has no NUL), invalid UTF-8 repaired.
    init(cChars buffer: [CChar]) {
        self = buffer.withUnsafeBufferPointer { characters in
            String(decoding: UnsafeRawBufferPointer(characters).prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
