/// What a GStreamer source plays, parsed from a `--source` spec, and the pipeline description
/// (gst-launch syntax) that plays it into yolo-edge's appsink.
public enum GStreamerPipeline: Sendable, Equatable {
    /// `gst:PIPELINE`: the user's own pipeline, ending in raw video.
    case custom(String)
    /// `rtsp://…` or `rtsps://…`, credentials in the URL or not.
    case rtsp(url: String)
    /// `libcamera:[CAMERA][:WIDTHxHEIGHT]` (or `csi:`): a camera libcamera drives, by its
    /// libcamera name (the first one when empty), at the size given or else its own default
    /// for video (1920x1080 on a Raspberry Pi camera).
    case libcamera(camera: String, size: FrameSize?)

    /// The formats the appsink accepts: those ``FramePreprocessor`` converts in one pass, so
    /// GStreamer never converts first. GStreamer's names (YUY2 is YUYV). A `capsfilter`
    /// element, not the caps shorthand, which cannot follow a user's own caps.
    static let sinkCaps = "capsfilter caps=\"video/x-raw,format=(string){NV12,YUY2,I420,RGB}\""
    /// The appsink, which keeps at most one buffer (the shim's slot holds the newest sample).
    static let sink = "\(sinkCaps) ! appsink name=yolo_edge_sink max-buffers=1 drop=true sync=false"

    /// The full description, with credentials: never log it (see `redacted`).
    /// - Parameter hasElement: whether a GStreamer element is installed, to pick decoders.
    public func description(settings: StreamSettings, hasElement: (String) -> Bool) -> String {
        "\(head(settings: settings, hasElement: hasElement, hidingSecrets: false)) ! \(Self.sink)"
    }

    /// The description with every password replaced by `***`, for logs and status.
    public func redacted(settings: StreamSettings, hasElement: (String) -> Bool) -> String {
        "\(head(settings: settings, hasElement: hasElement, hidingSecrets: true)) ! \(Self.sink)"
    }

    /// The source's name in logs and `status`: the spec, with a URL's password hidden.
    public var displayName: String {
        switch self {
        case .custom(let text): "gst:\(text)"
        case .rtsp(let url): RTSPURL.redacting(url)
        case .libcamera(let camera, let size): "libcamera:\(camera)" + (size.map { ":\($0.width)x\($0.height)" } ?? "")
        }
    }

    /// The GStreamer decoder for `codec`: a hardware one where its plugin found the device
    /// (a V4L2 memory-to-memory decoder: stateful as on a Raspberry Pi 4, or stateless as on
    /// Rockchip and the Pi 5's HEVC block), else FFmpeg's.
    /// `decodebin` for `.auto`, which chooses by rank among the installed decoders.
    static func decoder(for codec: StreamSettings.Codec, hasElement: (String) -> Bool) -> String {
        guard codec != .auto else { return "decodebin" }
        let name = codec.rawValue
        return ["v4l2\(name)dec", "v4l2sl\(name)dec"].first(where: hasElement) ?? "avdec_\(name)"
    }

    private func head(settings: StreamSettings, hasElement: (String) -> Bool, hidingSecrets: Bool) -> String {
        switch self {
        case .custom(let text):
            return text
        case .rtsp(let url):
            var source = "rtspsrc location=\(quoted(hidingSecrets ? RTSPURL.redacting(url) : url))"
            source += " latency=\(settings.latency.milliseconds) drop-on-latency=true"
            // rtspsrc waits this long for UDP packets before it retries over TCP (µs).
            source += " timeout=2000000 tcp-timeout=\(settings.frameTimeout.microseconds)"
            switch settings.transport {
            case .auto: break
            case .tcp: source += " protocols=tcp"
            case .udp: source += " protocols=udp"
            }
            if let credentials = settings.credentials, !RTSPURL.hasCredentials(url) {
                source += " user-id=\(quoted(credentials.user))"
                source += " user-pw=\(quoted(hidingSecrets ? "***" : credentials.password))"
            }
            let decoder = Self.decoder(for: settings.codec, hasElement: hasElement)
            guard settings.codec != .auto else {
                // The video stream only: a camera's audio stream must not reach decodebin.
                return "\(source) ! application/x-rtp,media=video ! \(decoder)"
            }
            let codec = settings.codec.rawValue
            return "\(source) ! rtp\(codec)depay ! \(codec)parse ! \(decoder)"
        case .libcamera(let camera, let size):
            let source = camera.isEmpty ? "libcamerasrc" : "libcamerasrc camera-name=\(quoted(camera))"
            return size.map { "\(source) ! video/x-raw,width=\($0.width),height=\($0.height)" } ?? source
        }
    }
}

/// A value in gst-launch syntax: double-quoted, with `\` and `"` escaped.
func quoted(_ value: String) -> String {
    var text = "\""
    for character in value {
        if character == "\"" || character == "\\" { text.append("\\") }
        text.append(character)
    }
    return text + "\""
}

/// The user-information part of RTSP URLs (`rtsp://USER:PASSWORD@HOST/…`).
enum RTSPURL {
    /// The range of `USER[:PASSWORD]@` after the scheme, if any.
    private static func userInfo(_ url: String) -> Range<String.Index>? {
        guard let schemeEnd = url.firstRange(of: "://") else { return nil }
        let authorityEnd = url[schemeEnd.upperBound...].firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" })
            ?? url.endIndex
        guard let at = url[schemeEnd.upperBound..<authorityEnd].lastIndex(of: "@") else { return nil }
        return schemeEnd.upperBound..<url.index(after: at)
    }

    static func hasCredentials(_ url: String) -> Bool { userInfo(url) != nil }

    /// The password in the URL, if it has one.
    static func password(in url: String) -> String? {
        guard let range = userInfo(url) else { return nil }
        let info = url[range].dropLast()
        guard let colon = info.firstIndex(of: ":") else { return nil }
        return String(info[info.index(after: colon)...])
    }

    /// The URL with its password, if it has one, replaced by `***`.
    static func redacting(_ url: String) -> String {
        guard let range = userInfo(url) else { return url }
        let info = url[range].dropLast()
        let user = info.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let hidden = info.contains(":") ? "\(user):***@" : "\(user)@"
        return String(url[..<range.lowerBound]) + hidden + String(url[range.upperBound...])
    }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
    /// Whole microseconds, rounded down.
    var microseconds: Int64 { components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000 }
}
