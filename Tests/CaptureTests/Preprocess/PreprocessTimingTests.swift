import CTurboJPEG
import Capture
import Foundation
import Testing

/// Per-frame preprocessing cost, printed, not asserted. Off unless
/// `YOLO_EDGE_MEASURE=1`. It uses public API only, so it measures what the
/// daemon gets; the rest of this target needs `-enable-testing` in release:
/// `YOLO_EDGE_MEASURE=1 swift test -c release -Xswiftc -enable-testing --filter PreprocessTimingTests`.
/// Serialized so that its cases do not compete for the cores.
@Suite(
    .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["YOLO_EDGE_MEASURE"] == "1", "set YOLO_EDGE_MEASURE=1"))
struct PreprocessTimingTests {
    static let table = try! InputQuantizationTable(scale: 0.01865844801068306, zeroPoint: -14)

    static func frameInfo(_ format: PixelFormat, _ width: Int, _ height: Int, _ bytesPerLine: Int) -> FrameInfo {
        FrameInfo(format: format, width: width, height: height, bytesPerLine: bytesPerLine, sequence: 0, timestamp: .zero)
    }

    /// Median wall and thread-CPU milliseconds of `frames` runs after a
    /// warm-up. On a shared machine the CPU time is the steadier figure: it
    /// leaves out the time the thread waited for a core.
    static func measure(_ label: String, frames: Int = 60, _ body: () throws -> Void) rethrows {
        for _ in 0..<5 { try body() }
        var wall: [Double] = []
        var cpu: [Double] = []
        for _ in 0..<frames {
            let (wallStart, cpuStart) = (milliseconds(CLOCK_MONOTONIC), milliseconds(CLOCK_THREAD_CPUTIME_ID))
            try body()
            wall.append(milliseconds(CLOCK_MONOTONIC) - wallStart)
            cpu.append(milliseconds(CLOCK_THREAD_CPUTIME_ID) - cpuStart)
        }
        let median = { (times: [Double]) in times.sorted()[times.count / 2] }
        print(String(format: "preprocess %@: CPU median %.2f ms (min %.2f); wall median %.2f ms", label,
            median(cpu), cpu.min()!, median(wall)))
    }

    static func milliseconds(_ clock: clockid_t) -> Double {
        var now = timespec()
        clock_gettime(clock, &now)
        return Double(now.tv_sec) * 1e3 + Double(now.tv_nsec) / 1e6
    }

    static func preprocessor(reducedScale: Bool = true) throws -> FramePreprocessor {
        try FramePreprocessor(inputWidth: 640, inputHeight: 640, quantization: table, decodesJPEGAtReducedScale: reducedScale)
    }

    @Test func yuyvAndNV12() throws {
        let preprocessor = try Self.preprocessor()
        var input = [Int8](repeating: 0, count: preprocessor.inputCount)
        for (width, height) in [(640, 480), (1280, 720)] {
            let yuyv = (0..<(width * height * 2)).map { UInt8(truncatingIfNeeded: $0 * 7 + $0 / 1000) }
            let nv12 = Array(yuyv.prefix(width * height * 3 / 2))
            try Self.measure("YUYV \(width)x\(height)") {
                _ = try preprocessor.preprocess(Self.frameInfo(.yuyv, width, height, width * 2), yuyv.span.bytes, into: &input)
            }
            try Self.measure("NV12 \(width)x\(height)") {
                _ = try preprocessor.preprocess(Self.frameInfo(.nv12, width, height, width), nv12.span.bytes, into: &input)
            }
        }
    }

    /// A real photo enlarged to 1280x720 (plain bilinear here) and encoded
    /// as a UVC camera would (4:2:2, quality 90).
    @Test func mjpeg1280x720() throws {
        let photo = try RGBImage(contentsOfJPEGFile: try SharedImages.paths(1)[0])
        let (width, height) = (1280, 720)
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            let sourceY = min(Double(y) * Double(photo.height) / Double(height), Double(photo.height - 1))
            for x in 0..<width {
                let sourceX = min(Double(x) * Double(photo.width) / Double(width), Double(photo.width - 1))
                let (x0, y0) = (Int(sourceX), Int(sourceY))
                let (x1, y1) = (min(x0 + 1, photo.width - 1), min(y0 + 1, photo.height - 1))
                let (fx, fy) = (sourceX - Double(x0), sourceY - Double(y0))
                for channel in 0..<3 {
                    func at(_ px: Int, _ py: Int) -> Double { Double(photo.bytes[(py * photo.width + px) * 3 + channel]) }
                    let top = at(x0, y0) * (1 - fx) + at(x1, y0) * fx
                    let bottom = at(x0, y1) * (1 - fx) + at(x1, y1) * fx
                    pixels[(y * width + x) * 3 + channel] = UInt8((top * (1 - fy) + bottom * fy).rounded())
                }
            }
        }
        let jpeg = try TestJPEGEncoder.encode(pixels, width: width, height: height, format: TJPF_RGB, subsampling: TJSAMP_422)
        print("MJPEG test frame: \(jpeg.count) bytes")
        let info = Self.frameInfo(.mjpeg, width, height, 0)
        var inputs: [[Int8]] = []
        for reduced in [true, false] {
            let preprocessor = try Self.preprocessor(reducedScale: reduced)
            var input = [Int8](repeating: 0, count: preprocessor.inputCount)
            try Self.measure("MJPEG 1280x720, \(reduced ? "decoded at 1/2" : "decoded fully")") {
                _ = try preprocessor.preprocess(info, jpeg.span.bytes, into: &input)
            }
            inputs.append(input)
        }
        // How far the cheap path strays from full decoding (DCT scaling is
        // not the same filter as the bilinear shrink).
        let differences = zip(inputs[0], inputs[1]).map { abs(Int($0) - Int($1)) }
        print(String(format: "MJPEG 1/2 vs full decode: mean |difference| %.3f steps, max %d, %.1f%% of values differ",
            Double(differences.reduce(0, +)) / Double(differences.count), differences.max()!,
            100 * Double(differences.filter { $0 > 0 }.count) / Double(differences.count)))
        let decoder = try JPEGDecoder()
        var image = RGBImage()
        try Self.measure("MJPEG 1280x720 decode alone at 1/2") { try decoder.decode(jpeg, scale: .half, into: &image) }
    }
}
