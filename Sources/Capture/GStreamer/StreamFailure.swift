import GStreamerShim

/// Why a GStreamer pipeline failed, said so that a person can act on it.
public struct StreamFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case missingElement
        case invalidPipeline
        case notFound
        case notAuthorized
        case cannotConnect
        case busy
        case unusableFormat
        case endOfStream
        case other
    }

    public var kind: Kind
    /// The element that reported it, e.g. "rtspsrc0".
    public var element: String
    /// GStreamer's message, and its debug detail.
    public var message: String
    public var detail: String
    /// A warning: worth a log line, but the stream goes on.
    public var isWarning: Bool

    public init(kind: Kind, element: String = "", message: String, detail: String = "", isWarning: Bool = false) {
        self.kind = kind
        self.element = element
        self.message = message
        self.detail = detail
        self.isWarning = isWarning
    }

    init(_ event: ye_gst_event) {
        var event = event
        let kind: Kind =
            switch event.fault {
            case YE_GST_FAULT_MISSING_ELEMENT: .missingElement
            case YE_GST_FAULT_SYNTAX: .invalidPipeline
            case YE_GST_FAULT_NOT_FOUND: .notFound
            case YE_GST_FAULT_NOT_AUTHORIZED: .notAuthorized
            case YE_GST_FAULT_CANNOT_OPEN: .cannotConnect
            case YE_GST_FAULT_BUSY: .busy
            case YE_GST_FAULT_FORMAT: .unusableFormat
            case YE_GST_FAULT_END_OF_STREAM: .endOfStream
            default: .other
            }
        self.init(
            kind: kind, element: text(of: &event.source), message: text(of: &event.text),
            detail: text(of: &event.detail), isWarning: event.is_warning)
    }

    /// The failure with every occurrence of `secret` (a password) replaced by `***`.
    func hiding(_ secret: String?) -> StreamFailure {
        guard let secret, !secret.isEmpty else { return self }
        var copy = self
        copy.message = copy.message.replacing(secret, with: "***")
        copy.detail = copy.detail.replacing(secret, with: "***")
        return copy
    }

    public var description: String {
        let what =
            switch kind {
            case .missingElement:
                "a GStreamer element is missing"
                    + (missingElementName.flatMap(GStreamerLibrary.package(providing:)).map { " (install \($0))" } ?? "")
            case .invalidPipeline: "the pipeline is not valid"
            case .notFound: "not found (check the URL's path, or the camera's name with `yolo-edge devices`)"
            case .notAuthorized:
                "unauthorized (check the user name and password: [stream] credentials_file or the URL)"
            case .cannotConnect: "cannot connect or read (is the camera or server on and reachable?)"
            case .busy: "busy (another program is using the camera)"
            case .unusableFormat:
                """
                the stream cannot be turned into raw video yolo-edge reads (RTSP: is its codec \
                [stream] codec? libcamera: does the camera have the size asked for? see `yolo-edge devices`)
                """
            case .endOfStream: "the stream ended"
            case .other: "GStreamer error"
            }
        var text = "\(what): \(message)"
        if let reason = detailReason { text += " (\(reason))" }
        // The element's kind, not its numbered name: rtspsrc3 of the third attempt is rtspsrc.
        let kindOfElement = element.reversed().drop(while: \.isNumber).reversed()
        if !kindOfElement.isEmpty { text += " [\(String(kindOfElement))]" }
        return text
    }

    /// The element named in "no element \"NAME\"".
    private var missingElementName: String? {
        let parts = message.split(separator: "\"", omittingEmptySubsequences: false)
        return parts.count >= 3 ? String(parts[1]) : nil
    }

    /// The last line of GStreamer's debug detail, which says what happened in words
    /// ("Failed to connect. (Generic error)"); its earlier lines are source positions.
    private var detailReason: String? {
        guard let last = detail.split(separator: "\n").last, last.count <= 200 else { return nil }
        let reason = String(last).trimmingSpaces
        return reason.isEmpty || reason.hasPrefix("/Gst") || reason.hasSuffix(":") ? nil : reason
    }
}

/// The text in a fixed-size C character array.
private func text<Buffer>(of buffer: inout Buffer) -> String {
    withUnsafeBytes(of: &buffer) { bytes in
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
