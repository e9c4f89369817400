import Testing

@testable import Capture

@Suite struct SourceFrameTests {
    static func info(_ format: PixelFormat, _ width: Int, _ height: Int, sequence: UInt32 = 7) -> FrameInfo {
        FrameInfo(format: format, width: width, height: height, bytesPerLine: width * 3, sequence: sequence, timestamp: .seconds(3))
    }

    @Test func keepsTheFrameItCopied() {
        var frame = SourceFrame()
        #expect(frame.byteCount == 0 && frame.capacity == 0)
        let bytes: [UInt8] = Array(0..<12)
        frame.copy(Self.info(.rgb24, 2, 2), bytes.span.bytes)
        #expect(frame.info == Self.info(.rgb24, 2, 2))
        #expect(frame.byteCount == 12)
        #expect(frame.withBytes { span in (0..<span.byteCount).map { span.unsafeLoad(fromByteOffset: $0, as: UInt8.self) } } == bytes)
    }

    @Test func storageGrowsOnlyForALargerFrame() {
        var frame = SourceFrame(capacity: 16)
        #expect(frame.capacity == 16)
        frame.copy(Self.info(.rgb24, 1, 1), [UInt8](repeating: 1, count: 3).span.bytes)
        #expect(frame.capacity == 16 && frame.byteCount == 3)
        frame.copy(Self.info(.rgb24, 2, 4), [UInt8](repeating: 2, count: 24).span.bytes)
        #expect(frame.capacity == 24 && frame.byteCount == 24)
        frame.copy(Self.info(.rgb24, 1, 2, sequence: 9), [UInt8](repeating: 3, count: 6).span.bytes)
        #expect(frame.capacity == 24 && frame.byteCount == 6 && frame.info.sequence == 9)
        frame.reserveCapacity(10)
        #expect(frame.capacity == 24)
    }
}
