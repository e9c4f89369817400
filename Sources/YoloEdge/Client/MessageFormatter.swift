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
                "\(object(detection)) \(fixed(detection["score"], 2))"
            }
            return "#\(text(message["seq"])) cam \(text(message["camera_seq"])) "
                + "\(text(message["width"]))x\(text(message["height"])) "
                + "infer \(fixed(latency?["inference"], 1)) ms, total \(fixed(latency?["capture_to_publish"], 1)) ms: "
                + (objects.isEmpty ? "-" : objects.joined(separator: ", "))
        case "status":
            let camera = message["camera"]
            let drops = message["drops"]
            let fault = camera?["last_fault"].map { ": \(text($0))" } ?? ""
            return "status: camera \(text(camera?["state"])) (\(text(camera?["reconnects"])) reconnects\(fault)), "
                + "\(fixed(message["fps"], 1)) fps, inference \(fixed(message["inference_ms"], 1)) ms, "
                + "\(text(message["frames"])) frames, \(text(drops?["stale"])) stale dropped, "
                + "\(text(message["clients"])) clients, up \(fixed(message["uptime_s"], 0)) s"
                + zones(message) + mqtt(message)
        case "event":
            let place = message["zone"].map { "zone \(text($0))" } ?? "line \(text(message["line"]))"
            let direction = message["direction"].map { " \(text($0))" } ?? ""
            return "#\(text(message["seq"])) \(text(message["event"]))\(direction) \(place): "
                + "\(object(message)) \(fixed(message["score"], 2))"
        case "snapshot":
            let bytes = (message["jpeg"]?.string?.utf8.count ?? 0) * 3 / 4
            return "#\(text(message["seq"])) snapshot \(text(message["width"]))x\(text(message["height"])), "
                + "\((message["detections"]?.array ?? []).count) detections, JPEG of about \(bytes) bytes"
        case "overflow":
            return "(missed \(text(message["dropped"])) messages: this client did not keep up)"
        default:
            return "\(type): \(line)"
        }
    }

    /// `person #12`: the label, and the track ID where there is one.
    private static func object(_ detection: JSONValue) -> String {
        text(detection["label"]) + (detection["track_id"].map { " #\(text($0))" } ?? "")
    }

    /// `; zones: drive person 2 car 1; lines: gate in 3 out 1`, or nothing without zones.
    private static func zones(_ status: JSONValue) -> String {
        var parts: [String] = []
        if let zones = status["zones"]?.object, !zones.isEmpty {
            parts.append("zones: " + zones.keys.sorted().map { name in
                let counts = (zones[name]?.object ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key) \(text($0.value))" }
                return ([name] + (counts.isEmpty ? ["empty"] : counts)).joined(separator: " ")
            }.joined(separator: ", "))
        }
        if let lines = status["lines"]?.object, !lines.isEmpty {
            parts.append("lines: " + lines.keys.sorted().map { name in
                "\(name) in \(text(lines[name]?["in"])) out \(text(lines[name]?["out"]))"
            }.joined(separator: ", "))
        }
        return parts.isEmpty ? "" : "; " + parts.joined(separator: "; ")
    }

    /// `; mqtt connected, 1200 published, 0 dropped`, with the last error while not connected;
    /// nothing with the bridge off.
    private static func mqtt(_ status: JSONValue) -> String {
        guard let mqtt = status["mqtt"] else { return "" }
        let state = text(mqtt["state"])
        let error = state == "connected" ? "" : mqtt["last_error"]?.string.map { " (\($0))" } ?? ""
        return "; mqtt \(state)\(error), \(text(mqtt["published"])) published, \(text(mqtt["dropped"])) dropped"
    }

    private static func text(_ value: JSONValue?) -> String {
        value?.description ?? "?"
    }

    private static func fixed(_ value: JSONValue?, _ decimals: Int) -> String {
        guard let number = value?.number else { return "?" }
        return String(printf: "%.\(decimals)f", number)
    }
}
