import Foundation
import Glibc
import TestSupport
import Testing

/// The outer edges of the commands, tried as an attacker or an unlucky operator would: files
/// that are not files, files too large to read, impossible sizes, paths that point elsewhere.
/// Every case must end by itself, with a sentence and a documented exit status; the `timeout`
/// wrapper turns a hang into a failure (status 137) instead of a stuck test run.
@Suite(.serialized) struct HostileInputTests {
    @Test func aFIFONamedLikeAnImageIsRefusedAtOnce() throws {
        try ReferenceData.require()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fifo = directory.file("f.jpg").path
        try #require(mkfifo(fifo, 0o600) == 0)
        let result = try runBuiltBinary(["detect", "--model", ReferenceData.fullIntegerModel.path, fifo])
        #expect(result.status == 1, "\(result.errors)")
        #expect(result.errors.contains("\(fifo): is a FIFO, not a regular file"))
    }

    @Test func aHugeSparseImageIsRefusedBeforeItIsRead() throws {
        try ReferenceData.require()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let huge = directory.file("huge.jpg").path
        try #require(FileManager.default.createFile(atPath: huge, contents: nil) && truncate(huge, 30 << 30) == 0)
        let result = try runBuiltBinary(["detect", "--model", ReferenceData.fullIntegerModel.path, huge])
        #expect(result.status == 1, "\(result.errors)")
        #expect(result.errors.contains("is 32212254720 bytes, over the limit of 67108864 bytes"), "\(result.errors)")
    }

    @Test func aRawSourceOnAFIFOHonoursTheTimeout() throws {
        try ReferenceData.require()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fifo = directory.file("frames").path
        try #require(mkfifo(fifo, 0o600) == 0)
        let start = ContinuousClock.now
        let result = try runBuiltBinary([
            "detect", "--model", ReferenceData.fullIntegerModel.path, "--source", "raw:\(fifo):640x480:yuyv",
            "--timeout", "2",
        ])
        #expect(result.status != 137, "the timeout did not end the wait for a writer")
        #expect(ContinuousClock.now - start < .seconds(25))
    }

    @Test(arguments: [
        (["detect", "--model", "m.tflite", "--max-det", "999999999999", "a.jpg"], "--max-det must be between 1 and 1000"),
        (["detect", "--model", "m.tflite", "--source", "raw:/dev/zero:65535x65535:yuyv"], "sides from 1 to 8192 pixels"),
        (["capture", "--source", "/dev/video0", "--size", "65535x65535"], "--size must be WIDTHxHEIGHT with sides from 1 to 8192"),
    ])
    func impossibleSizesAreSentencesNotAborts(arguments: [String], message: String) throws {
        let result = try runBuiltBinary(arguments)
        #expect(result.status == 64 || result.status == 1, "\(result.status): \(result.errors)")
        #expect(result.errors.contains(message), "\(result.errors)")
        #expect(!result.errors.contains("failed to allocate"))
    }

    @Test func convertWritesThroughALinkAndRefusesAnythingButARegularFile() throws {
        try ReferenceData.require()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = ReferenceData.fullIntegerModel.path
        let target = directory.file("real.yem").path
        let link = directory.file("link.yem").path
        try #require(FileManager.default.createFile(atPath: target, contents: Data("old".utf8)))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.yem")

        let converted = try runBuiltBinary(["convert", model, "-o", link], killAfter: 300)
        #expect(converted.status == 0, "\(converted.errors)")
        let attributes = try FileManager.default.attributesOfItem(atPath: link)
        #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink, "the link stays a link")
        #expect((try FileManager.default.attributesOfItem(atPath: target)[.size] as? Int ?? 0) > 1_000_000)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "\(leftovers)")

        let fifo = directory.file("pipe.yem").path
        try #require(mkfifo(fifo, 0o600) == 0)
        let refused = try runBuiltBinary(["convert", model, "-o", fifo], killAfter: 300)
        #expect(refused.status == 1)
        #expect(refused.errors.contains("\(fifo): is a FIFO; refusing to replace anything but a regular file"), "\(refused.errors)")
        var status = stat()
        #expect(lstat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO, "the FIFO is still there")
    }

    /// Ultralytics stores the class names in a ZIP archive appended to the .tflite; a file cut
    /// inside it still runs, with generic labels, and says so.
    @Test func aModelWhoseMetadataIsCutShortSaysSo() throws {
        try ReferenceData.require()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let bytes = try Data(contentsOf: ReferenceData.fullIntegerModel)
        let cut = directory.file("cut.tflite")
        try bytes.dropLast(200).write(to: cut)
        let image = ReferenceData.validationImages.appendingPathComponent("000000000139.jpg").path
        let result = try runBuiltBinary(["detect", "--model", cut.path, image], killAfter: 120)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.errors.contains("the model carries no class names"), "\(result.errors)")
        #expect(result.text.contains("class62"), "generic labels: \(result.text)")
    }

    @Test func detectionsFromADeviceAreRefusedInASentence() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try runBuiltBinary(["eval", "--detections", "/dev/zero", "--labels", directory.path])
        #expect(result.status == 1)
        #expect(result.errors.contains("/dev/zero: is a character device, not a regular file"), "\(result.errors)")
    }
}
