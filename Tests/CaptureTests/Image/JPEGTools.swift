import Foundation
import TestSupport
import Testing

/// libjpeg-turbo's command-line tools (`djpeg`, `cjpeg` from
/// libjpeg-turbo-progs), the reference the decoder is compared with.
enum JPEGTools {
    /// Where `name` is on PATH, if it is installed.
    static func path(of name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var areInstalled: Bool { path(of: "djpeg") != nil && path(of: "cjpeg") != nil }
    static let missingReason = "needs djpeg and cjpeg (apt-get install libjpeg-turbo-progs)"

    /// Fails (CI) or skips the calling test unless both tools are installed.
    static func require(sourceLocation: SourceLocation = #_sourceLocation) throws {
        try Prerequisite.require(areInstalled, missingReason, sourceLocation: sourceLocation)
    }

    /// `Prerequisite.skipTrait` for the tools, for parameterized tests.
    static var skipTrait: ConditionTrait { Prerequisite.skipTrait(unless: areInstalled, missingReason) }

    /// Runs a tool with `arguments` and returns its standard output.
    @discardableResult
    static func run(_ name: String, _ arguments: [String]) throws -> Data {
        guard let path = path(of: name) else {
            throw ToolFailure(description: "\(name) not on PATH (apt-get install libjpeg-turbo-progs)")
        }
        return try Subprocess.check(path, arguments).output
    }
}

/// A JPEG or netpbm helper of these tests failed.
struct ToolFailure: Error, CustomStringConvertible {
    let description: String
}
