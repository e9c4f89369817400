import Testing

/// What a test needs from its surroundings (reference data, a tool, a built
/// binary). A missing prerequisite fails the test under `CI=true`, where
/// everything must be there, and otherwise skips it with the reason.
public enum Prerequisite {
    /// Passes when `available`; otherwise fails (CI) or skips the calling test.
    public static func require(
        _ available: Bool, _ reason: @autoclosure () -> String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        guard !available else { return }
        let reason = Comment(rawValue: reason())
        // `#require` records one issue at the caller and ends the test.
        let skippingIsAllowed = !ReferenceData.isCI
        try #require(skippingIsAllowed, reason, sourceLocation: sourceLocation)
        #if compiler(>=6.3)
        try Test.cancel(reason, sourceLocation: sourceLocation)
        #else
        // Swift Testing before 6.3 cannot skip a test once it runs: it fails, saying why.
        Issue.record(reason, sourceLocation: sourceLocation)
        throw Missing()
        #endif
    }

    #if !compiler(>=6.3)
    struct Missing: Error {}
    #endif

    /// Skips a whole test with `reason` unless `available`, except under CI,
    /// where the test runs and its `require` call fails it. For parameterized
    /// tests: the console does not show the skips of single test cases.
    public static func skipTrait(unless available: Bool, _ reason: String) -> ConditionTrait {
        .enabled(if: available || ReferenceData.isCI, Comment(rawValue: reason))
    }
}
