import Foundation
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
        let reason = reason()
        if ReferenceData.isCI {
            Issue.record(Comment(rawValue: reason), sourceLocation: sourceLocation)
            throw MissingPrerequisite(description: reason)
        }
        try Test.cancel(Comment(rawValue: reason), sourceLocation: sourceLocation)
    }
}

/// Ends a CI test whose prerequisites are missing.
public struct MissingPrerequisite: Error, CustomStringConvertible {
    public let description: String
}
