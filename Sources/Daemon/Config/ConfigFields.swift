import Capture
import Detect
import TOMLKit

/// One key the config file may contain: where it lives, what type it takes and how it is
/// checked and stored. The table of all of them is the single list of accepted keys.
struct ConfigField: Sendable {
    /// Table the key lives in; nil for the top level.
    let section: String?
    let name: String
    let apply: @Sendable (any TOMLValueConvertible, inout DaemonConfig) -> ConfigError.Problem?

    var path: String { section.map { "\($0).\(name)" } ?? name }

    static func string(
        _ section: String?, _ name: String, _ keyPath: WritableKeyPath<DaemonConfig, String> & Sendable,
        check: @escaping @Sendable (String) -> String? = ConfigRules.nonEmpty
    ) -> ConfigField {
        ConfigField(section: section, name: name) { value, config in
            guard let string = value.string else { return .wrongType(expected: "a string", found: value.type.rawValue) }
            if let reason = check(string) { return .invalidValue(reason) }
            config[keyPath: keyPath] = string
            return nil
        }
    }

    static func integer(
        _ section: String?, _ name: String, _ keyPath: WritableKeyPath<DaemonConfig, Int> & Sendable,
        check: @escaping @Sendable (Int) -> String?
    ) -> ConfigField {
        ConfigField(section: section, name: name) { value, config in
            guard let int = value.int else { return .wrongType(expected: "an integer", found: value.type.rawValue) }
            if let reason = check(int) { return .invalidValue(reason) }
            config[keyPath: keyPath] = int
            return nil
        }
    }

    /// Accepts integers too, so `status_interval = 2` means 2.0.
    static func number(
        _ section: String?, _ name: String, _ keyPath: WritableKeyPath<DaemonConfig, Double> & Sendable,
        check: @escaping @Sendable (Double) -> String?
    ) -> ConfigField {
        ConfigField(section: section, name: name) { value, config in
            guard let number = value.double ?? value.int.map(Double.init) else {
                return .wrongType(expected: "a number", found: value.type.rawValue)
            }
            if let reason = check(number) { return .invalidValue(reason) }
            config[keyPath: keyPath] = number
            return nil
        }
    }

    static func boolean(
        _ section: String?, _ name: String, _ keyPath: WritableKeyPath<DaemonConfig, Bool> & Sendable
    ) -> ConfigField {
        ConfigField(section: section, name: name) { value, config in
            guard let bool = value.bool else { return .wrongType(expected: "true or false", found: value.type.rawValue) }
            config[keyPath: keyPath] = bool
            return nil
        }
    }

    /// An integer (NxN) or a string ("auto", "WxH").
    static let size = ConfigField(section: nil, name: "size") { value, config in
        guard let text = value.int.map(String.init) ?? value.string else {
            return .wrongType(expected: #"an integer or a string ("auto", "WxH")"#, found: value.type.rawValue)
        }
        switch ConfiguredInputSize.parse(text) {
        case .success(let size): config.size = size
        case .failure(let refusal): return .invalidValue(refusal.reason)
        }
        return nil
    }

    static let logLevel = ConfigField(section: nil, name: "log_level") { value, config in
        guard let string = value.string else { return .wrongType(expected: "a string", found: value.type.rawValue) }
        guard let level = LogLevelName(rawValue: string) else {
            let names = LogLevelName.allCases.map(\.rawValue).joined(separator: ", ")
            return .invalidValue("must be one of \(names), got '\(string)'")
        }
        config.logLevel = level
        return nil
    }

    /// Every key `config.example.toml` documents, and no other.
    static let all: [ConfigField] = [
        .string(nil, "source", \.source),
        .string(nil, "model", \.model),
        .string(nil, "socket", \.socket, check: ConfigRules.socketPath),
        .size,
        .integer(nil, "threads", \.threads, check: DetectorSettingRules.threads),
        .logLevel,
        .number("detection", "confidence", \.detection.confidence, check: DetectorSettingRules.confidence),
        .number("detection", "iou", \.detection.iou, check: DetectorSettingRules.iou),
        .integer("detection", "max_detections", \.detection.maxDetections, check: DetectorSettingRules.maxDetections),
        .integer("clients", "queue_length", \.clients.queueLength, check: ConfigRules.range(2...4096)),
        .number("clients", "stall_timeout", \.clients.stallTimeout, check: ConfigRules.positiveSeconds),
        .integer("clients", "max_clients", \.clients.maxClients, check: ConfigRules.range(1...1024)),
        .number("health", "status_interval", \.health.statusInterval, check: ConfigRules.positiveSeconds),
        .number("health", "watchdog_interval", \.health.watchdogInterval, check: ConfigRules.optionalSeconds),
        .boolean("tracking", "enabled", \.tracking.enabled),
        .number("tracking", "low_score", \.tracking.lowScore, check: ConfigRules.fraction),
        .number("tracking", "match_iou", \.tracking.matchIoU, check: ConfigRules.fraction),
        .number("tracking", "low_match_iou", \.tracking.lowMatchIoU, check: ConfigRules.fraction),
        .integer("tracking", "confirm_frames", \.tracking.confirmFrames, check: ConfigRules.range(1...100)),
        .integer("tracking", "lost_frames", \.tracking.lostFrames, check: ConfigRules.range(1...10_000)),
        .integer("tracking", "max_tracks", \.tracking.maxTracks, check: ConfigRules.range(1...4096)),
        .boolean("snapshots", "enabled", \.snapshots.enabled),
        .integer("snapshots", "quality", \.snapshots.quality, check: ConfigRules.range(1...100)),
        .string("snapshots", "event_directory", \.snapshots.eventDirectory, check: { _ in nil }),
        .integer("snapshots", "max_files", \.snapshots.maxFiles, check: ConfigRules.range(1...100_000)),
        .integer("snapshots", "max_bytes", \.snapshots.maxBytes, check: ConfigRules.range((1 << 20)...(1 << 40))),
        .boolean("mqtt", "enabled", \.mqtt.enabled),
        .string("mqtt", "host", \.mqtt.host, check: ConfigRules.hostName),
        .integer("mqtt", "port", \.mqtt.port, check: ConfigRules.range(1...65535)),
        .string("mqtt", "client_id", \.mqtt.clientID, check: ConfigRules.mqttClientID),
        .string("mqtt", "topic_prefix", \.mqtt.topicPrefix, check: ConfigRules.mqttTopicPrefix),
        .string("mqtt", "username", \.mqtt.username, check: { _ in nil }),
        .string("mqtt", "password_file", \.mqtt.passwordFile, check: { _ in nil }),
        .boolean("mqtt", "tls", \.mqtt.tls),
        .string("mqtt", "ca_file", \.mqtt.caFile, check: { _ in nil }),
        .string("mqtt", "cert_file", \.mqtt.certFile, check: { _ in nil }),
        .string("mqtt", "key_file", \.mqtt.keyFile, check: { _ in nil }),
        .integer("mqtt", "qos", \.mqtt.qos, check: ConfigRules.range(0...1)),
        .integer("mqtt", "keepalive", \.mqtt.keepalive, check: ConfigRules.range(5...3600)),
        .integer("mqtt", "queue_length", \.mqtt.queueLength, check: ConfigRules.range(16...100_000)),
        .number("mqtt", "frame_interval", \.mqtt.frameInterval, check: ConfigRules.frameInterval),
        .boolean("mqtt", "snapshots", \.mqtt.snapshots),
        .boolean("mqtt", "discovery", \.mqtt.discovery),
        .string("mqtt", "discovery_prefix", \.mqtt.discoveryPrefix, check: ConfigRules.mqttTopicPrefix),
        .boolean("http", "enabled", \.http.enabled),
        .string("http", "listen", \.http.listen, check: ConfigRules.httpListenAddress),
        .boolean("http", "allow_remote", \.http.allowRemote),
        .string("stream", "credentials_file", \.stream.credentialsFile, check: { _ in nil }),
        .number("stream", "frame_timeout", \.stream.frameTimeout, check: ConfigRules.seconds(0.5...3600)),
        .number("stream", "latency", \.stream.latency, check: ConfigRules.seconds(0...10)),
        .string("stream", "transport", \.stream.transport, check: ConfigRules.oneOf(StreamSettings.Transport.allCases.map(\.rawValue))),
        .string("stream", "codec", \.stream.codec, check: ConfigRules.oneOf(StreamSettings.Codec.allCases.map(\.rawValue))),
    ]
}
