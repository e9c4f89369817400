import Foundation
import Glibc
import TestSupport
import Testing

/// `status` and `watch` against servers that are not a healthy daemon: one that accepts and
/// says nothing, one that sends without ever ending a line. Both give up with a sentence.
@Suite(.serialized) struct ClientTimeoutTests {
    /// A Unix socket server in Python that accepts one client and then `behaviour`.
    static func server(at path: String, _ behaviour: String) throws -> Process {
        let script = """
            import socket, sys, time
            s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(1)
            c, _ = s.accept()
            \(behaviour)
            time.sleep(30)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        try process.run()
        let deadline = ContinuousClock.now + .seconds(10)
        while !FileManager.default.fileExists(atPath: path) && ContinuousClock.now < deadline { usleep(10_000) }
        return process
    }

    @Test(arguments: ["status", "watch"])
    func aSilentServerIsGivenUpOn(command: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let socket = directory.file("s").path
        let server = try Self.server(at: socket, "pass")
        defer { server.terminate() }
        let start = ContinuousClock.now
        let result = try runBuiltBinary([command, "--socket", socket])
        #expect(result.status == 1, "\(result.errors)")
        #expect(result.errors.contains("is this the socket of a running yolo-edge?"), "\(result.errors)")
        #expect(ContinuousClock.now - start < .seconds(20))
    }

    @Test func aServerThatNeverEndsALineIsGivenUpOnBeforeItGrows() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let socket = directory.file("s").path
        // Past the client's limit (16 MiB: a snapshot line of an 8K frame fits).
        let server = try Self.server(at: socket, "c.sendall(b'x' * (24 << 20))")
        defer { server.terminate() }
        let result = try runBuiltBinary(["watch", "--socket", socket])
        #expect(result.status == 1, "\(result.errors)")
        #expect(result.errors.contains("without a newline"), "\(result.errors)")
    }
}
