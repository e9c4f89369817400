import Foundation
import Logging
import NIOCore
import NIOPosix
import TestSupport
import Testing
@testable import Daemon

struct ListeningSocketTests {
    private let logger = Logger(label: "test") { JournalLogHandler(label: $0, level: .warning) }

    @Test func bindsWithMode0660AndCreatesTheDirectory() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("run/detections.sock").path
        let socket = try await ListeningSocket.open(path: path, logger: logger)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o660)
        #expect(attributes[.type] as? FileAttributeType == .typeSocket)
        try await socket.channel.channel.close()
        socket.removeOwnedPath()
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func replacesAStaleSocketButNotALiveOne() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("detections.sock").path

        let first = try await ListeningSocket.open(path: path, logger: logger)
        await #expect(throws: ListeningSocket.Failure.self) { _ = try await ListeningSocket.open(path: path, logger: self.logger) }
        // The second open's probe connected: serve and close that connection, as the daemon's
        // server would, before closing (an accepted connection dropped unfinished traps in NIO).
        try await first.channel.executeThenClose { connections in
            for try await connection in connections {
                try await connection.executeThenClose { _, _ in }
                break
            }
        }
        #expect(FileManager.default.fileExists(atPath: path), "closing the channel leaves the file to its owner")
        first.removeOwnedPath()

        // A process that bound the path and died leaves a socket file nobody listens on.
        _ = try Subprocess.check(
            "/usr/bin/env", ["python3", "-c", "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])", path])
        #expect(FileManager.default.fileExists(atPath: path))
        let second = try await ListeningSocket.open(path: path, logger: logger)
        try await second.channel.channel.close()
        second.removeOwnedPath()
    }

    @Test func refusesToRemoveAFileThatIsNotASocket() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("precious.txt").path
        try "keep me".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try await ListeningSocket.open(path: path, logger: logger)
            Issue.record("bound over a regular file")
        } catch {
            #expect("\(error)" == "\(path) exists and is not a socket; refusing to remove it")
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me")
    }
}
