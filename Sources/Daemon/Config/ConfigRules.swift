import Detect

/// Checks of the daemon's own settings (socket, queues, intervals), shared by the config file
/// and the `run` flags, so both reject the same impossible values with the same words. The
/// detector's settings (size, threads, confidence, IoU, max detections) follow
/// `DetectorSettingRules`, as every command's flags do.
enum ConfigRules {
    static func nonEmpty(_ value: String) -> String? {
        value.isEmpty ? "must not be empty" : nil
    }

    static func socketPath(_ value: String) -> String? {
        if value.isEmpty { return "must not be empty" }
        // sockaddr_un.sun_path holds 108 bytes including the terminating NUL.
        if value.utf8.count > 107 { return "is longer than the 107 bytes a Unix socket path may have" }
        return nil
    }

    static func positiveSeconds(_ value: Double) -> String? {
        value > 0 && value <= 3600 ? nil : "must be more than 0 and at most 3600 seconds, got \(value)"
    }

    static func optionalSeconds(_ value: Double) -> String? {
        value >= 0 && value <= 3600 ? nil : "must be 0 (automatic) or up to 3600 seconds, got \(value)"
    }

    static func range(_ bounds: ClosedRange<Int>) -> @Sendable (Int) -> String? {
        { DetectorSettingRules.within(bounds, $0) }
    }
}
