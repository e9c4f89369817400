import ArgumentParser

/// Refuses a flag's value in the words of its rule (`DetectorSettingRules`), e.g.
/// `--threads must be between 1 and 256, got 0`.
func check(_ flag: String, _ reason: String?) throws {
    if let reason { throw ValidationError("\(flag) \(reason)") }
}
