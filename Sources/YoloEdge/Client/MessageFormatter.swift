import Daemon

/// Renders protocol lines for people, for `yolo-edge watch` and `yolo-edge status`.
enum MessageFormatter {
    static func type(of line: String) -> String? {
        JSONValue(parsing: line)?["type"]?.string
    }

    /// One human-readable line, or nil for a line that is not a protocol message.
    static func describe(_ line: String) -> String? {
        guard let message = JSONValue(parsing: line), let type = message["type"]?.string else { return nil }
        switch type {
        case "hello":
            let classes = message["classes"]?.array?.count ?? 0
            return "connected: model \(text(message["model"])) at \(text(message["input_size"])) px, \(classes) classes, "
                + "source \(text(message["source"])), protocol \(text(message["protocol"]))"
        case "detections":
            let latency = message["latency_ms"]
            let objects = (message["detections"]?.array ?? []).map { detection in
                "\(text(detection["label"])) \(fixed(detection["score"], 2))"
            }
            return "#\(text(message["seq"])) cam \(text(message["camera_seq"])) "
                + "\(text(message["width"]))x\(text(message["height"])) "
                + "infer \(fixed(latency?["inference"], 1)) ms, total \(fixed(latency?["capture_to_publish"], 1)) ms: "
                + (objects.isEmpty ? "-" : objects.joined(separator: ", "))
        case "status":
            let camera = message["camera"]
            let drops = message["drops"]
            return "status: camera \(text(camera?["state"])) (\(text(camera?["reconnects"])) reconnects), "
                + "\(fixed(message["fps"], 1)) fps, inference \(fixed(message["inference_ms"], 1)) ms, "
                + "\(text(message["frames"])) frames, \(text(drops?["stale"])) stale dropped, "
                + "\(text(message["clients"])) clients, up \(fixed(message["uptime_s"], 0)) s"
        case "overflow":
            return "(missed \(text(message["dropped"])) messages: this client did not keep up)"
        default:
            return "\(type): \(line)"
        }
    }

    private static func text(_ value: JSONValue?) -> String {
        value?.description ?? "?"
    }

    private static func fixed(_ value: JSONValue?, _ decimals: Int) -> String {
        guard let number = value?.number else { return "?" }
        return String(printf: "%.\(decimals)f", number)
    }
}
