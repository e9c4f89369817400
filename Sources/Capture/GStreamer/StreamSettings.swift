/// How GStreamer sources (`rtsp://`, `gst:`, `libcamera:`) connect and when they give up on a
/// stream; the config's `[stream]` table.
public struct StreamSettings: Sendable, Equatable {
    /// How RTSP carries the media.
    public enum Transport: String, Sendable, CaseIterable {
        /// UDP, falling back to TCP when no UDP packet arrives (rtspsrc's own order).
        case auto
        case tcp
        case udp
    }

    /// The video codec of an RTSP stream, which picks depayloader, parser and decoder.
    public enum Codec: String, Sendable, CaseIterable {
        /// Whatever the camera announces: GStreamer's decodebin picks the chain, a hardware
        /// decoder first (hardware decoders rank above FFmpeg's).
        case auto
        case h264
        case h265
    }

    /// A user name and password for RTSP sources whose URL carries none.
    public var credentials: StreamCredentials?
    /// A stream that delivers no frame for this long is restarted.
    public var frameTimeout: Duration
    /// rtspsrc's jitter buffer.
    public var latency: Duration
    public var transport: Transport
    public var codec: Codec
    /// Waits before each restart after a fault: the first at once, then doubling to the cap.
    public var backoff: BackoffSchedule
    /// The first frame after (re)starting may take this much longer than `frameTimeout`:
    /// connecting, RTSP's set-up, a UDP stream's fall-back to TCP and the first key frame.
    public var startGrace: Duration

    public init(
        credentials: StreamCredentials? = nil, frameTimeout: Duration = .seconds(5),
        latency: Duration = .milliseconds(200), transport: Transport = .auto, codec: Codec = .auto,
        backoff: BackoffSchedule = BackoffSchedule(initial: .milliseconds(250), cap: .seconds(5)),
        startGrace: Duration = .seconds(5)
    ) {
        self.credentials = credentials
        self.frameTimeout = frameTimeout
        self.latency = latency
        self.transport = transport
        self.codec = codec
        self.backoff = backoff
        self.startGrace = startGrace
    }

    /// How long the stream may go without a frame: `frameTimeout`, and `startGrace` more
    /// before its first frame.
    func frameDeadline(hasFrames: Bool) -> Duration {
        hasFrames ? frameTimeout : frameTimeout + startGrace
    }
}

/// An RTSP user name and password, read from `[stream] credentials_file` (`USER:PASSWORD` on the
/// first line). Never printed: its description hides the password.
public struct StreamCredentials: Sendable, Equatable, CustomStringConvertible {
    public var user: String
    public var password: String

    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    /// Parses the first line of a credentials file; nil unless it is `USER:PASSWORD` with a
    /// non-empty user.
    public init?(fileContents: String) {
        // "\r\n" is one Character in Swift, unequal to "\n": a file saved with CRLF line
        // ends must split there too, or the password keeps its line end.
        let line =
            fileContents.split(
                maxSplits: 1, omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }
            ).first ?? ""
        let text = line.hasSuffix("\r") ? line.dropLast() : line[...]
        guard let colon = text.firstIndex(of: ":"), colon > text.startIndex else { return nil }
        self.init(user: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
    }

    public var description: String { "\(user):***" }
}
