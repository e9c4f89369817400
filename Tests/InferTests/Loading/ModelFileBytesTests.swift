import Foundation
import TestSupport
import Testing

@testable import Infer

struct ModelFileBytesTests {
    @Test(arguments: [0, 1, 4096, 200_003])
    func readsEveryByte(count: Int) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var random = SeededGenerator(seed: UInt64(count))
        let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
        try Data(bytes).write(to: directory.file("model"))
        #expect(try ModelFileBytes.read(path: directory.file("model").path) == bytes)
    }

    /// Opening a FIFO for reading waits for a writer unless told not to; the
    /// loader must refuse it at once instead of hanging.
    @Test func fifoIsRefusedWithoutWaitingForAWriter() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("pipe").path
        try #require(mkfifo(path, 0o600) == 0)
        #expect(throws: ModelLoadError(.unreadable, "\(path): is a FIFO, not a regular file")) {
            try ModelFileBytes.read(path: path)
        }
    }

    @Test func aPathThroughAFileIsNotFound() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Data([1, 2, 3]).write(to: directory.file("plain"))
        let path = directory.file("plain").path + "/model.tflite"
        #expect(throws: ModelLoadError(.fileNotFound, "\(path): no such model file")) {
            try ModelFileBytes.read(path: path)
        }
    }
}
