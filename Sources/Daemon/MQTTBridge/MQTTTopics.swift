/// Where the bridge publishes: every topic name in one place (docs/mqtt.md lists them).
struct MQTTTopics: Sendable, Equatable {
    /// `yolo-edge/<hostname>` unless the config names another.
    let prefix: String
    /// Home Assistant's discovery prefix, `homeassistant` unless the config names another.
    let discoveryPrefix: String
    /// Identifies this daemon in discovery topics and unique IDs: the client ID, reduced to
    /// the characters Home Assistant accepts there.
    let nodeID: String

    init(prefix: String, discoveryPrefix: String, clientID: String) {
        self.prefix = prefix
        self.discoveryPrefix = discoveryPrefix
        nodeID = Self.slug(clientID)
    }

    /// Retained `online`; the last will and a clean stop set it to `offline`.
    var availability: String { "\(prefix)/availability" }
    /// One message per zone or line event: the socket protocol's `event` line.
    var events: String { "\(prefix)/events" }
    /// The socket protocol's `status` line, every `health.status_interval`.
    var status: String { "\(prefix)/status" }
    /// The `detections` line of a frame, at most every `mqtt.frame_interval`.
    var detections: String { "\(prefix)/detections" }
    /// Retained: the annotated JPEG of the latest frame with events.
    var snapshot: String { "\(prefix)/snapshot" }

    /// Retained: how many tracks of the class are in the zone, as a decimal number. A zone that
    /// counts every class reports its total under `all`.
    func occupancy(zone: String, label: String) -> String { "\(prefix)/zones/\(Self.level(zone))/\(Self.level(label))" }

    /// Retained: how many tracks crossed the line in `direction` (`in` or `out`) since start.
    func crossings(line: String, direction: String) -> String { "\(prefix)/lines/\(Self.level(line))/\(direction)" }

    /// A Home Assistant discovery config topic.
    func discovery(component: String, objectID: String) -> String {
        "\(discoveryPrefix)/\(component)/\(nodeID)/\(Self.slug(objectID))/config"
    }

    /// A name as one topic level: MQTT's separator and wildcards become `_`.
    static func level(_ name: String) -> String {
        String(name.map { $0 == "/" || $0 == "+" || $0 == "#" ? "_" : $0 })
    }

    /// Letters, digits, `_` and `-` only, as discovery topics and `unique_id`s want.
    static func slug(_ text: String) -> String {
        String(text.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") ? $0 : "_" })
    }
}
