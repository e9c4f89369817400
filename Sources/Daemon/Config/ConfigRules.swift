import Detect

/// Checks of the daemon's own settings (socket, queues, intervals), shared by the config file
/// and the `run` flags, so both reject the same impossible values with the same words. The
/// detector's settings (size, threads, confidence, IoU, max detections) follow
/// `DetectorSettingRules`, as every command's flags do.
enum ConfigRules {
    static func nonEmpty(_ value: String) -> String? {
        value.isEmpty ? "must not be empty" : nil
    }

    /// Linux's `sun_path` holds 107 bytes and a NUL, but SwiftNIO binds at most 103 (the
    /// portable limit, as macOS's `sun_path` is shorter), so 103 is what works.
    static let maximumSocketPathBytes = 103

    static func socketPath(_ value: String) -> String? {
        if value.isEmpty { return "must not be empty" }
        if value.utf8.count > maximumSocketPathBytes {
            return "is \(value.utf8.count) bytes long; a Unix socket path may have at most \(maximumSocketPathBytes)"
        }
        return nil
    }

    /// Intervals below a tenth of a second would only burn CPU on status lines and pings.
    static func positiveSeconds(_ value: Double) -> String? {
        value >= 0.1 && value <= 3600 ? nil : "must be at least 0.1 and at most 3600 seconds, got \(value)"
    }

    static func optionalSeconds(_ value: Double) -> String? {
        value == 0 || (value >= 0.1 && value <= 3600) ? nil : "must be 0 (automatic) or from 0.1 to 3600 seconds, got \(value)"
    }

    /// Seconds between per-frame MQTT messages: 0 sends none; 0.001 every frame.
    static func frameInterval(_ value: Double) -> String? {
        value == 0 || (value >= 0.001 && value <= 3600) ? nil : "must be 0 (none) or from 0.001 to 3600 seconds, got \(value)"
    }

    static func seconds(_ bounds: ClosedRange<Double>) -> @Sendable (Double) -> String? {
        { bounds.contains($0) ? nil : "must be from \(bounds.lowerBound) to \(bounds.upperBound) seconds, got \($0)" }
    }

    static func oneOf(_ names: [String]) -> @Sendable (String) -> String? {
        { names.contains($0) ? nil : "must be one of \(names.joined(separator: ", ")), got '\($0)'" }
    }

    static func fraction(_ value: Double) -> String? {
        (0...1).contains(value) ? nil : "must be from 0 to 1, got \(value)"
    }

    static func range(_ bounds: ClosedRange<Int>) -> @Sendable (Int) -> String? {
        { DetectorSettingRules.within(bounds, $0) }
    }

    /// A broker's host name or address: what `getaddrinfo` would be asked.
    static func hostName(_ value: String) -> String? {
        if value.isEmpty { return "must not be empty" }
        if value.utf8.count > 253 { return "is \(value.utf8.count) bytes long; a host name has at most 253" }
        if value.contains(where: { $0.isWhitespace || $0 == "/" }) { return "must be a host name or address, got '\(value)'" }
        return nil
    }

    /// Empty means the default. Brokers accept long IDs, but a client ID is printed in their
    /// logs and must not contain what MQTT forbids in UTF-8 strings.
    static func mqttClientID(_ value: String) -> String? {
        if value.utf8.count > 128 { return "is \(value.utf8.count) bytes long; at most 128" }
        if value.unicodeScalars.contains(where: { $0.value < 0x20 }) { return "must not contain control characters" }
        return nil
    }

    /// A topic prefix names topics, so it may not hold MQTT's wildcards, and it is joined with
    /// `/`, so it neither starts nor ends with one. Empty means the default.
    static func mqttTopicPrefix(_ value: String) -> String? {
        if value.utf8.count > 200 { return "is \(value.utf8.count) bytes long; at most 200" }
        if value.contains("+") || value.contains("#") { return "must not contain the MQTT wildcards + and #, got '\(value)'" }
        if value.hasPrefix("/") || value.hasSuffix("/") || value.contains("//") {
            return "must not start or end with / or contain an empty level, got '\(value)'"
        }
        if value.unicodeScalars.contains(where: { $0.value < 0x20 }) { return "must not contain control characters" }
        return nil
    }

    static func httpListenAddress(_ value: String) -> String? {
        switch HTTPListenAddress.parse(value) {
        case .success: nil
        case .failure(let error): "\(error)"
        }
    }
}
