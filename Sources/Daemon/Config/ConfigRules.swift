/// Value checks shared by the config file and the command-line flags, so both reject the same
/// impossible values with the same words.
enum ConfigRules {
    static func modelSize(_ value: Int) -> String? {
        guard (32...2048).contains(value) else { return "must be between 32 and 2048, got \(value)" }
        guard value % 32 == 0 else { return "must be a multiple of 32, got \(value)" }
        return nil
    }

    static func threads(_ value: Int) -> String? {
        (1...256).contains(value) ? nil : "must be between 1 and 256, got \(value)"
    }

    static func nonEmpty(_ value: String) -> String? {
        value.isEmpty ? "must not be empty" : nil
    }

    static func socketPath(_ value: String) -> String? {
        if value.isEmpty { return "must not be empty" }
        // sockaddr_un.sun_path holds 108 bytes including the terminating NUL.
        if value.utf8.count > 107 { return "is longer than the 107 bytes a Unix socket path may have" }
        return nil
    }

    static func fraction(_ value: Double) -> String? {
        value > 0 && value <= 1 ? nil : "must be greater than 0 and at most 1, got \(value)"
    }

    static func positiveSeconds(_ value: Double) -> String? {
        value > 0 && value <= 3600 ? nil : "must be more than 0 and at most 3600 seconds, got \(value)"
    }

    static func optionalSeconds(_ value: Double) -> String? {
        value >= 0 && value <= 3600 ? nil : "must be 0 (automatic) or up to 3600 seconds, got \(value)"
    }

    static func range(_ bounds: ClosedRange<Int>) -> @Sendable (Int) -> String? {
        { value in bounds.contains(value) ? nil : "must be between \(bounds.lowerBound) and \(bounds.upperBound), got \(value)" }
    }
}
