import Foundation
import TestSupport
import Testing
@testable import Capture

/// The one JPEG folder listing of `images:` sources, `eval --images` and `convert --calib`.
struct JPEGDirectoryTests {
    @Test func listsRegularJPEGFilesByNameAndSkipsTheRest() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for name in ["b.jpg", "A.JPEG", "c.jpeg", "notes.txt", "jpg", "a.jpg.bak"] { try directory.write("x", to: name) }
        try FileManager.default.createDirectory(at: directory.file("folder.jpg"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(at: directory.file("link.jpg"), withDestinationURL: directory.file("b.jpg"))
        try FileManager.default.createSymbolicLink(at: directory.file("dangling.jpg"), withDestinationURL: directory.file("gone.jpg"))

        let files = try JPEGDirectory.files(in: directory.path)
        #expect(files == ["A.JPEG", "b.jpg", "c.jpeg", "link.jpg"].map { directory.path + "/" + $0 })
        #expect(try JPEGDirectory.files(in: directory.path + "/") == files, "a trailing slash is not doubled")
    }

    @Test func saysWhyNothingWasListed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(throws: JPEGDirectoryError.noJPEGFiles(directory: directory.path)) {
            try JPEGDirectory.files(in: directory.path)
        }
        let missing = directory.path + "/missing"
        #expect(throws: JPEGDirectoryError.cannotList(directory: missing, errno: ENOENT)) {
            try JPEGDirectory.files(in: missing)
        }
        #expect(JPEGDirectoryError.cannotList(directory: missing, errno: ENOENT).description
            == "cannot list \(missing): No such file or directory")
    }
}
