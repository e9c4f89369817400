import AllocationCounter
import Capture
import Detect
import Testing
import Track

@testable import Snapshot

/// Once warm, copying, rendering and drawing allocate nothing; encoding allocates only what
/// libjpeg-turbo mallocs for its own working memory, the same for every frame.
@Suite struct SnapshotAllocationTests {
    static let detections = [
        TestPictures.detection(0, 10, 20, 150, 200, trackID: 18_446_744_073_709_551_615),
        TestPictures.detection(2, -40, 100, 90, 300, score: 0.5),
        TestPictures.detection(77, 200, 10, 310, 120, trackID: 3),
    ]
    static let annotator = Annotator(
        classNames: TestPictures.classNames,
        zones: [ZoneDefinition(name: "yard", polygon: [.init(x: 0.1, y: 0.1), .init(x: 0.9, y: 0.2), .init(x: 0.5, y: 0.9)])],
        lines: [LineDefinition(name: "gate", start: .init(x: 0, y: 0.5), end: .init(x: 1, y: 0.6))])

    /// Heap allocations the calling thread makes in `body`.
    static func allocations(_ body: () throws -> Void) rethrows -> UInt64 {
        allocation_counter_thread_start()
        defer { _ = allocation_counter_thread_stop() }
        try body()
        return allocation_counter_thread_stop()
    }

    static func frames() -> [(FrameInfo, [UInt8])] {
        let (width, height) = (320, 240)
        func info(_ format: PixelFormat, _ stride: Int) -> FrameInfo {
            FrameInfo(format: format, width: width, height: height, bytesPerLine: stride, sequence: 0, timestamp: .zero)
        }
        return [
            (info(.yuyv, width * 2), [UInt8](repeating: 90, count: width * height * 2)),
            (info(.nv12, width), [UInt8](repeating: 90, count: width * height * 3 / 2)),
            (info(.rgb24, width * 3), [UInt8](repeating: 90, count: width * height * 3)),
        ]
    }

    @Test func copyingRenderingAndDrawingAllocateNothingOnceWarm() throws {
        let renderer = try SourceFrameRenderer()
        var frame = SourceFrame()
        var image = RGBImage()
        for (info, bytes) in Self.frames() {
            for round in 0..<3 {
                let counted = try Self.allocations {
                    frame.copy(info, bytes.span.bytes)
                    try renderer.render(frame, into: &image)
                    Self.annotator.draw(Self.detections, on: &image)
                }
                if round > 0 { #expect(counted == 0, "\(info.format), round \(round)") }
            }
        }
    }

    @Test func aSnapshotAllocatesNoMoreThanLibjpegTurboItself() throws {
        let (info, bytes) = Self.frames()[0]
        var frame = SourceFrame()
        frame.copy(info, bytes.span.bytes)
        let maker = try SnapshotMaker(annotator: Self.annotator)
        // libjpeg-turbo's own count: a bare encoder on a picture of the same size.
        let encoder = try JPEGEncoder(subsampling: .yuv444)
        let picture = try RGBImage(width: 320, height: 240, bytes: Array(repeating: 90, count: 320 * 240 * 3))
        var counts: (maker: [UInt64], encoder: [UInt64]) = ([], [])
        for _ in 0..<4 {
            counts.maker.append(try Self.allocations { _ = try maker.jpeg(of: frame, detections: Self.detections) })
            counts.encoder.append(try Self.allocations { _ = try encoder.encode(picture) })
        }
        #expect(counts.maker.dropFirst().allSatisfy { $0 == counts.encoder.last }, "\(counts)")
        #expect(Set(counts.encoder.dropFirst()).count == 1, "\(counts.encoder)")
    }
}
