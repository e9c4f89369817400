import Foundation
import Testing

/// The `yolo-edge` executable, for tests that run it as a subprocess. Unlike
/// the reference data it is never optional: `swift build` makes it, so its
/// absence fails the test everywhere.
public func builtBinary(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let path = ReferenceData.binary.path
    try #require(
        FileManager.default.isExecutableFile(atPath: path), "build the yolo-edge product first (swift build)",
        sourceLocation: sourceLocation)
    return path
}

/// Runs the built binary with `arguments` under `timeout -s KILL`, so that a hang fails the test
/// (status 137) instead of stalling the test run.
public func runBuiltBinary(
    _ arguments: [String], killAfter seconds: Int = 30, sourceLocation: SourceLocation = #_sourceLocation
) throws -> Subprocess.Result {
    try Subprocess.run(
        "/usr/bin/timeout", ["-s", "KILL", String(seconds), try builtBinary(sourceLocation: sourceLocation)] + arguments)
}
