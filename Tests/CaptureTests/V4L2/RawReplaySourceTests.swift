import Glibc
import Testing

@testable import Capture

@Suite struct RawReplaySourceTests {
    /// 4x2 YUYV frames are 16 bytes; frame k is filled with the byte 10 + k.
    private let frameBytes = 16
    private func frames(_ count: Int, trailing: Int = 0) -> [UInt8] {
        (0..<count).flatMap { [UInt8](repeating: UInt8(10 + $0), count: 16) } + [UInt8](repeating: 99, count: trailing)
    }
    private func configuration(_ path: String, loops: Bool = false) -> RawReplaySource.Configuration {
        .init(path: path, format: .yuyv, size: FrameSize(width: 4, height: 2), loops: loops)
    }

    /// Reads up to `limit` frames as (sequence, first byte, byte count, bytes per line).
    private func drain(_ source: RawReplaySource, limit: Int) -> [[Int]] {
        var seen: [[Int]] = []
        while seen.count < limit,
            let frame = source.withNextFrame({ info, bytes in
                [Int(info.sequence), Int(bytes.unsafeLoad(as: UInt8.self)), bytes.byteCount, info.bytesPerLine]
            })
        {
            seen.append(frame)
        }
        return seen
    }

    @Test func playsEachWholeFrameOnceThenEnds() throws {
        let file = try TemporaryFile(bytes: frames(3, trailing: 5))
        let source = try RawReplaySource(configuration(file.path))
        #expect(drain(source, limit: 10) == [[0, 10, 16, 8], [1, 11, 16, 8], [2, 12, 16, 8]])
        #expect(source.status.snapshot().state == .finished(reason: nil))
        #expect(source.status.snapshot().counters.frames == 3)
    }

    @Test func loopsBackToTheStart() throws {
        let file = try TemporaryFile(bytes: frames(2))
        let source = try RawReplaySource(configuration(file.path, loops: true))
        #expect(drain(source, limit: 5).map { $0[1] } == [10, 11, 10, 11, 10])
    }

    @Test func stopEndsReplay() throws {
        let file = try TemporaryFile(bytes: frames(2))
        let source = try RawReplaySource(configuration(file.path, loops: true))
        source.stopSignal.stop()
        #expect(drain(source, limit: 5).isEmpty)
    }

    @Test func pacedReplayTakesItsTime() throws {
        let file = try TemporaryFile(bytes: frames(3))
        var paced = configuration(file.path)
        paced.framesPerSecond = 20
        let source = try RawReplaySource(paced)
        let start = ContinuousClock.now
        #expect(drain(source, limit: 3).count == 3)
        #expect(ContinuousClock.now - start >= .milliseconds(95))
    }

    private struct ConsumerFailure: Error, Equatable {}

    @Test func consumerErrorsPassThroughAndReplayContinues() throws {
        let file = try TemporaryFile(bytes: frames(2))
        let source = try RawReplaySource(configuration(file.path))
        #expect(throws: ConsumerFailure()) {
            try source.withNextFrame { (_, _) throws(ConsumerFailure) in throw ConsumerFailure() }
        }
        #expect(drain(source, limit: 5).map { $0[1] } == [11])
    }

    @Test func fileSmallerThanOneFrameIsRejected() throws {
        let file = try TemporaryFile(bytes: [UInt8](repeating: 0, count: frameBytes - 1))
        #expect(throws: CaptureFault.self) { try RawReplaySource(configuration(file.path)) }
    }

    @Test func missingFileIsRejected() {
        #expect(throws: CaptureFault.cannotOpen(path: "/nonexistent/frames.yuv", errno: 2)) {
            try RawReplaySource(configuration("/nonexistent/frames.yuv"))
        }
    }

    @Test func loopingAPipeIsRejected() throws {
        let fifo = try TemporaryFile(fifo: ())
        // Opening a FIFO for reading waits for a writer; keep one open meanwhile.
        let writer = open(fifo.path, O_RDWR)
        defer { close(writer) }
        #expect(throws: CaptureFault.self) { try RawReplaySource(configuration(fifo.path, loops: true)) }
    }

    @Test func readsFramesFromAPipe() throws {
        let fifo = try TemporaryFile(fifo: ())
        let writer = open(fifo.path, O_RDWR)
        let source = try RawReplaySource(configuration(fifo.path))
        let data = frames(2)
        #expect(write(writer, data, data.count) == data.count)
        close(writer)
        #expect(drain(source, limit: 5).map { $0[1] } == [10, 11])
    }
}
