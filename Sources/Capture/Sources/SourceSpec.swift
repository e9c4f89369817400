/// Where frames come from, parsed from a `--source` argument.
///
/// Syntax:
/// - `/dev/videoN`, `/dev/v4l/by-id/NAME` or `/dev/v4l/by-path/NAME`: a V4L2 camera.
/// - `v4l2:PATH`: a V4L2 camera at any path.
/// - `raw:PATH:WIDTHxHEIGHT:FORMAT[:loop][:fps=RATE]`: raw frames stored back to back in a
///   file, FIFO or `-` (standard input); FORMAT is `yuyv` or `nv12`. Played once unless
///   `loop` is given (regular files only), as fast as read unless `fps=` paces it.
///   PATH may itself contain colons: options are taken from the end.
/// - `images:DIR[:loop|:once][:fps=RATE]`: the JPEG files in DIR in name order, and
///   `PATH.jpg` (or `.jpeg`) with the same options: one image. Played once unless `loop`
///   is given, at 30 frames per second unless `fps=` says otherwise.
/// - `rtsp://[USER:PASSWORD@]HOST[:PORT]/PATH` or `rtsps://…`: an IP camera, through GStreamer.
/// - `libcamera:[CAMERA][:WIDTHxHEIGHT]` or `csi:…`: a camera libcamera drives (Raspberry Pi
///   CSI cameras), through GStreamer; the first camera, at its default video size, unless given.
/// - `gst:PIPELINE`: any GStreamer pipeline (gst-launch syntax) that ends in raw video.
public enum SourceSpec: Sendable, Equatable {
    case camera(path: String)
    case raw(RawReplaySource.Configuration)
    case images(ImageFileSource.Configuration)
    case gstreamer(GStreamerPipeline)

    public init(parsing text: String) throws(SourceSpecError) {
        if let pipeline = try Self.parseGStreamer(text) {
            self = .gstreamer(pipeline)
        } else if let path = text.dropPrefix("v4l2:") {
            guard !path.isEmpty else { throw SourceSpecError(text, "v4l2: needs a device path") }
            self = .camera(path: path)
        } else if let rest = text.dropPrefix("raw:") {
            self = .raw(try Self.parseRaw(rest, spec: text))
        } else if text.hasPrefix("/dev/") {
            self = .camera(path: text)
        } else if let images = try Self.parseImages(text) {
            self = .images(images)
        } else {
            throw SourceSpecError(text, "expected \(Self.syntax)")
        }
    }

    /// The forms a spec takes, for help texts and errors (docs/cameras.md has them in full).
    public static let syntax = """
        /dev/videoN, v4l2:PATH, rtsp://[USER:PASSWORD@]HOST[:PORT]/PATH, libcamera:[CAMERA][:WIDTHxHEIGHT], \
        gst:PIPELINE, images:DIR, FILE.jpg or raw:PATH:WIDTHxHEIGHT:yuyv|nv12
        """

    /// True for sources that need GStreamer.
    public var usesGStreamer: Bool {
        if case .gstreamer = self { true } else { false }
    }

    private static func parseGStreamer(_ text: String) throws(SourceSpecError) -> GStreamerPipeline? {
        if text.hasPrefix("rtsp://") || text.hasPrefix("rtsps://") {
            let host = text.drop { $0 != "/" }.dropFirst(2).prefix { $0 != "/" }
            guard !host.isEmpty, !host.hasSuffix("@") else { throw SourceSpecError(text, "the URL needs a host") }
            return .rtsp(url: text)
        }
        if let pipeline = text.dropPrefix("gst:") {
            guard !pipeline.allSatisfy({ $0 == " " }) else {
                throw SourceSpecError(text, "gst: needs a pipeline, e.g. gst:videotestsrc is-live=true")
            }
            return .custom(pipeline)
        }
        guard let rest = text.dropPrefix("libcamera:") ?? text.dropPrefix("csi:") else { return nil }
        // Camera names may hold colons (a UVC camera's USB path): the size is the last field.
        var camera = rest
        var size: FrameSize?
        if let colon = rest.lastIndex(of: ":"), let parsed = FrameSize(parsing: String(rest[rest.index(after: colon)...])) {
            camera = String(rest[..<colon])
            size = parsed
        } else if let parsed = FrameSize(parsing: rest) {
            camera = ""
            size = parsed
        }
        if let size, size.width % 2 != 0 || size.height % 2 != 0 {
            throw SourceSpecError(text, "a libcamera size must be even on both sides, got \(size.width)x\(size.height)")
        }
        return .libcamera(camera: camera, size: size)
    }

    private static func parseRaw(_ rest: String, spec: String) throws(SourceSpecError)
        -> RawReplaySource.Configuration
    {
        var fields = rest.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var loops = false
        var rate: Double?
        while let last = fields.last, last == "loop" || last.hasPrefix("fps=") {
            fields.removeLast()
            if last == "loop" {
                loops = true
            } else {
                guard let value = Double(last.dropFirst(4)), value > 0, value.isFinite else {
                    throw SourceSpecError(spec, "fps= needs a positive number, got \(last)")
                }
                rate = value
            }
        }
        guard fields.count >= 3 else {
            throw SourceSpecError(spec, "raw: needs PATH:WIDTHxHEIGHT:FORMAT")
        }
        let formatName = fields.removeLast()
        let sizeText = fields.removeLast()
        let path = fields.joined(separator: ":")
        guard !path.isEmpty else { throw SourceSpecError(spec, "raw: needs a file path") }
        guard let size = FrameSize(parsing: sizeText) else {
            throw SourceSpecError(
                spec, "size must be WIDTHxHEIGHT with sides from 1 to \(FrameSize.maximumSide) pixels, got \(sizeText)")
        }
        guard let format = PixelFormat(name: formatName),
            RawReplaySource.supportedFormats.contains(format)
        else {
            throw SourceSpecError(spec, "raw format must be yuyv or nv12, got \(formatName)")
        }
        return RawReplaySource.Configuration(
            path: path, format: format, size: size, loops: loops, framesPerSecond: rate)
    }
}

/// A `--source` argument that could not be understood.
public struct SourceSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    public let spec: String
    public let problem: String

    init(_ spec: String, _ problem: String) {
        self.spec = spec
        self.problem = problem
    }

    public var description: String { "invalid source '\(spec)': \(problem)" }
}

extension FrameSize {
    /// The longest side a frame size given by a person may have: past 8K video (7680x4320),
    /// and small enough that a frame's buffers stay within a few hundred megabytes.
    public static let maximumSide = 8192

    /// Parses "640x480"; nil unless both sides are within 1...`maximumSide`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]),
            (1...Self.maximumSide).contains(width), (1...Self.maximumSide).contains(height)
        else { return nil }
        self.init(width: width, height: height)
    }
}

extension PixelFormat {
    /// Parses a user-facing name: yuyv, nv12, mjpeg, rgb24 (any case) or a four-character code.
    public init?(name: String) {
        switch name.lowercased() {
        case "yuyv": self = .yuyv
        case "nv12": self = .nv12
        case "mjpeg", "mjpg": self = .mjpeg
        case "rgb24", "rgb3": self = .rgb24
        default: self.init(name)
        }
    }
}

extension String {
    fileprivate func dropPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
