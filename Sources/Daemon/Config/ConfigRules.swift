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

    static func fraction(_ value: Double) -> String? {
        (0...1).contains(value) ? nil : "must be from 0 to 1, got \(value)"
    }

    static func range(_ bounds: ClosedRange<Int>) -> @Sendable (Int) -> String? {
        { DetectorSettingRules.within(bounds, $0) }
    }
}
