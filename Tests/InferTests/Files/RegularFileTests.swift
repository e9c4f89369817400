import Foundation
import Glibc
import TestSupport
import Testing
@testable import Infer

/// Every file input goes through `RegularFile`; every file output of `convert` through
/// `ReplacingFileWriter`.
struct RegularFileTests {
    @Test func readsARegularFileWhole() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Data([1, 2, 3]).write(to: directory.file("a"))
        #expect(try RegularFile.read(directory.file("a").path, limit: 3) == [1, 2, 3])
        var buffer = [UInt8](repeating: 9, count: 8)
        #expect(try RegularFile.read(directory.file("a").path, limit: 3, into: &buffer) == 3)
        #expect(buffer == [1, 2, 3, 9, 9, 9, 9, 9], "a larger buffer is reused, not replaced")
    }

    @Test func refusesWhatIsNotARegularFileWithoutWaitingOnIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fifo = directory.file("fifo").path
        try #require(mkfifo(fifo, 0o600) == 0)
        for (path, kind) in [(fifo, "a FIFO"), (directory.path, "a directory"), ("/dev/zero", "a character device")] {
            #expect(throws: FileAccessError(.notRegularFile, path: path, reason: "is \(kind), not a regular file")) {
                try RegularFile.read(path, limit: 1 << 20)
            }
        }
    }

    @Test func refusesAFileOverTheLimitBeforeReadingIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let huge = directory.file("huge").path
        try #require(FileManager.default.createFile(atPath: huge, contents: nil) && truncate(huge, 30 << 30) == 0)
        #expect(throws: FileAccessError(.tooLarge, path: huge, reason: "is 32212254720 bytes, over the limit of 1024 bytes")) {
            try RegularFile.read(huge, limit: 1024)
        }
        #expect(throws: FileAccessError(.notFound, path: directory.file("none").path, reason: "no such file")) {
            try RegularFile.read(directory.file("none").path, limit: 1024)
        }
    }

    @Test func replacesThroughLinksAndNeverOverOtherFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let target = directory.file("target").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: target))
        try #require(chmod(target, 0o640) == 0)
        try FileManager.default.createSymbolicLink(atPath: directory.file("link").path, withDestinationPath: "target")
        #expect(try ReplacingFileWriter.write(Array("new".utf8), to: directory.file("link").path) == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new")
        #expect((try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int) == 0o640, "the mode is kept")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory.file("link").path) == "target")

        try FileManager.default.createSymbolicLink(atPath: directory.file("dangling").path, withDestinationPath: "made")
        try ReplacingFileWriter.write([1], to: directory.file("dangling").path)
        #expect(FileManager.default.fileExists(atPath: directory.file("made").path), "a dangling link's file is created")

        let fifo = directory.file("fifo").path
        try #require(mkfifo(fifo, 0o600) == 0)
        for (path, kind) in [(fifo, "a FIFO"), (directory.path, "a directory")] {
            #expect(throws: FileAccessError(
                .notRegularFile, path: path, reason: "is \(kind); refusing to replace anything but a regular file")) {
                try ReplacingFileWriter.write([1], to: path)
            }
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(names.allSatisfy { !$0.contains(".tmp-") }, "\(names)")
    }

    /// A device node made here (as root: CI is), never one in /dev: `-o` onto it once replaced
    /// the node with a regular file.
    @Test func neverReplacesADeviceNode() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let node = directory.file("null").path
        // Major 1, minor 3: the null device, encoded as the kernel's old 16-bit dev_t.
        guard mknod(node, S_IFCHR | 0o600, 0x103) == 0 else {
            try #require(!ReferenceData.isCI || errno != EPERM, "CI runs as root and can make device nodes")
            return
        }
        #expect(throws: FileAccessError(
            .notRegularFile, path: node, reason: "is a character device; refusing to replace anything but a regular file")) {
            try ReplacingFileWriter.write([1], to: node)
        }
        var status = stat()
        #expect(lstat(node, &status) == 0 && status.st_mode & S_IFMT == S_IFCHR, "the node is still a device")
    }
}
