import Foundation
import Testing

@testable import Capture

@Suite struct ImageFileSourceTests {
    static func unpaced(_ input: ImageFileSource.Configuration.Input, loops: Bool = false) -> ImageFileSource.Configuration {
        .init(input, loops: loops, framesPerSecond: nil)
    }

    /// Up to `limit` frames as (sequence, width), checking each frame's layout on the way.
    static func drain(_ source: ImageFileSource, limit: Int) -> [[Int]] {
        var seen: [[Int]] = []
        while seen.count < limit,
            let frame = source.withNextFrame({ info, bytes in
                #expect(info.format == .rgb24 && info.bytesPerLine == info.width * 3)
                #expect(bytes.byteCount == info.width * info.height * 3)
                return [Int(info.sequence), info.width]
            })
        {
            seen.append(frame)
        }
        return seen
    }

    @Test func directoryPlaysItsJPEGsInNameOrderOnce() throws {
        let directory = try ImageDirectory(
            jpegCount: 3, extraFiles: ["notes.txt": [1, 2, 3], "UPPER.JPEG": try ImageDirectory.jpeg(width: 20)])
        try FileManager.default.createDirectory(atPath: directory.file("sub.jpg"), withIntermediateDirectories: false)
        let source = try ImageFileSource(Self.unpaced(.directory(directory.path)))
        #expect(source.paths == ["UPPER.JPEG", "frame000.jpg", "frame001.jpg", "frame002.jpg"].map(directory.file))
        #expect(Self.drain(source, limit: 10) == [[0, 20], [1, 8], [2, 9], [3, 10]])
        let status = source.status.snapshot()
        #expect(status.state == .finished(reason: nil))
        #expect(status.counters.frames == 4)
        #expect(status.format?.width == 10 && status.format?.format == .rgb24)
    }

    @Test func directoryLoops() throws {
        let directory = try ImageDirectory(jpegCount: 2)
        let source = try ImageFileSource(Self.unpaced(.directory(directory.path), loops: true))
        #expect(Self.drain(source, limit: 5).map { $0[1] } == [8, 9, 8, 9, 8])
    }

    /// The frame is the decoded JPEG, and a lone image is lent again as is.
    @Test func singleImageRepeatsItsDecodedPixels() throws {
        let directory = try ImageDirectory(jpegCount: 1)
        let path = directory.file("frame000.jpg")
        let expected = try RGBImage(contentsOfJPEGFile: path)
        let source = try ImageFileSource(Self.unpaced(.file(path), loops: true))
        try FileManager.default.removeItem(atPath: path)  // decoded once, at init
        for _ in 0..<3 {
            let pixels = source.withNextFrame { _, bytes in
                (0..<bytes.byteCount).map { bytes.unsafeLoad(fromByteOffset: $0, as: UInt8.self) }
            }
            #expect(pixels == expected.bytes)
        }
    }

    @Test func singleImageOnceGivesOneFrame() throws {
        let directory = try ImageDirectory(jpegCount: 1)
        let source = try ImageFileSource(Self.unpaced(.file(directory.file("frame000.jpg"))))
        #expect(Self.drain(source, limit: 5) == [[0, 8]])
    }

    @Test func undecodableFilesAreSkippedAndCounted() throws {
        let directory = try ImageDirectory(jpegCount: 2, extraFiles: ["frame000b.jpg": [0xFF, 0xD8, 0xFF]])
        let source = try ImageFileSource(Self.unpaced(.directory(directory.path)))
        #expect(Self.drain(source, limit: 5).map { $0[1] } == [8, 9])
        let status = source.status.snapshot()
        #expect(status.counters.corruptBuffers == 1)
        #expect(status.lastFault?.description.contains("frame000b.jpg") == true)
    }

    @Test func loopOfOnlyBadFilesFinishesWithTheFault() throws {
        let directory = try ImageDirectory(jpegCount: 0, extraFiles: ["a.jpg": [1], "b.jpg": [2]])
        let source = try ImageFileSource(Self.unpaced(.directory(directory.path), loops: true))
        #expect(Self.drain(source, limit: 5).isEmpty)
        guard case .finished(let reason?) = source.status.snapshot().state else {
            Issue.record("expected a finished state with a reason, got \(source.status.snapshot().state)")
            return
        }
        #expect(reason.description.contains("b.jpg"))
    }

    @Test func nothingToPlayIsAnErrorNamingThePath() throws {
        let empty = try ImageDirectory(jpegCount: 0, extraFiles: ["readme.md": [1]])
        #expect(throws: CaptureFault.noUsableFormat("\(empty.path) holds no .jpg or .jpeg files")) {
            try ImageFileSource(Self.unpaced(.directory(empty.path)))
        }
        #expect(throws: CaptureFault.cannotOpen(path: empty.file("missing"), errno: ENOENT)) {
            try ImageFileSource(Self.unpaced(.directory(empty.file("missing"))))
        }
        let error = try #require(throws: CaptureFault.self) {
            try ImageFileSource(Self.unpaced(.file(empty.file("missing.jpg"))))
        }
        #expect(error.description.contains("missing.jpg"))
    }

    @Test func pacedPlaybackSleepsBetweenFrames() throws {
        let directory = try ImageDirectory(jpegCount: 1)
        let source = try ImageFileSource(.init(.directory(directory.path), loops: true, framesPerSecond: 20))
        let clock = ContinuousClock()
        let start = clock.now
        #expect(Self.drain(source, limit: 4).count == 4)
        let elapsed = clock.now - start
        #expect(elapsed >= .milliseconds(145) && elapsed < .seconds(2), "\(elapsed)")
    }

    @Test func stopEndsPlayback() throws {
        let directory = try ImageDirectory(jpegCount: 1)
        let source = try ImageFileSource(.init(.directory(directory.path), loops: true, framesPerSecond: 0.5))
        #expect(Self.drain(source, limit: 1).count == 1)
        let stopSignal = source.stopSignal
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { stopSignal.stop() }
        let clock = ContinuousClock()
        let start = clock.now
        #expect(Self.drain(source, limit: 1).isEmpty)
        #expect(clock.now - start < .seconds(1))
    }

    @Test func framesFeedThePreprocessor() throws {
        let directory = try ImageDirectory(jpegCount: 2)
        let source = try ImageFileSource(Self.unpaced(.directory(directory.path)))
        let preprocessor = try FramePreprocessor(inputWidth: 32, inputHeight: 32, quantization: ReferencePath.table)
        var input = [Int8](repeating: 0, count: preprocessor.inputCount)
        for name in ["frame000.jpg", "frame001.jpg"] {
            let transform = try source.withNextFrame { (info, bytes) throws(PreprocessError) in
                try preprocessor.preprocess(info, bytes, into: &input)
            }
            let (expected, expectedTransform) = try ReferencePath.letterbox(
                RGBImage(contentsOfJPEGFile: directory.file(name)), inputWidth: 32, inputHeight: 32)
            #expect(transform == expectedTransform)
            #expect(input == expected)
        }
    }
}
