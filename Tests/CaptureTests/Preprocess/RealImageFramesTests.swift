import Testing

@testable import Capture
import Infer

/// COCO photos turned into YUYV and NV12 frames, through both paths.
@Suite struct RealImageFramesTests {
    /// RGB to BT.601 limited-range Y, Cb, Cr, rounded: any plausible
    /// camera content will do, the test compares two paths on it.
    static func ycbcr(_ red: UInt8, _ green: UInt8, _ blue: UInt8) -> (Double, Double, Double) {
        let (r, g, b) = (Double(red), Double(green), Double(blue))
        let y = 16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255
        let cb = 128 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255
        let cr = 128 + (112.0 * r - 93.786 * g - 18.214 * b) / 255
        return (y, cb, cr)
    }

    static func byte(_ value: Double) -> UInt8 { UInt8(min(max(value.rounded(), 0), 255)) }

    static func components(_ image: RGBImage) -> [(Double, Double, Double)] {
        (0..<(image.width * image.height)).map {
            ycbcr(image.bytes[3 * $0], image.bytes[3 * $0 + 1], image.bytes[3 * $0 + 2])
        }
    }

    /// Chroma averaged over each horizontal pair (the last pixel of an odd row alone).
    static func yuyv(_ image: RGBImage) -> ReferencePath.Frame {
        let pixels = components(image)
        let pairs = (image.width + 1) / 2
        var bytes: [UInt8] = []
        for y in 0..<image.height {
            for pair in 0..<pairs {
                let first = pixels[y * image.width + 2 * pair]
                let second = 2 * pair + 1 < image.width ? pixels[y * image.width + 2 * pair + 1] : first
                bytes += [
                    byte(first.0), byte((first.1 + second.1) / 2), byte(second.0), byte((first.2 + second.2) / 2),
                ]
            }
        }
        return .init(info: ReferencePath.info(.yuyv, image.width, image.height, bytesPerLine: 4 * pairs), bytes: bytes)
    }

    /// Chroma taken from each 2×2 block's top-left pixel, tightly packed.
    static func nv12(_ image: RGBImage) -> ReferencePath.Frame {
        let pixels = components(image)
        var bytes = pixels.map { byte($0.0) }
        for y in stride(from: 0, to: image.height, by: 2) {
            for x in stride(from: 0, to: image.width, by: 2) {
                let pixel = pixels[y * image.width + x]
                bytes += [byte(pixel.1), byte(pixel.2)]
            }
        }
        return .init(info: ReferencePath.info(.nv12, image.width, image.height, bytesPerLine: image.width), bytes: bytes)
    }

    @Test func photosAsYUYVAndNV12MatchTheReference() throws {
        let preprocessor = try FramePreprocessor(inputWidth: 640, inputHeight: 640, quantization: ReferencePath.table)
        var input = [Int8](repeating: 0, count: preprocessor.inputCount)
        for path in try SharedImages.paths(4) {
            let image = try RGBImage(contentsOfJPEGFile: path)
            for (frame, reference) in [
                (Self.yuyv(image), try ReferencePath.rgb(yuyv: Self.yuyv(image))),
                (Self.nv12(image), try ReferencePath.rgb(nv12: Self.nv12(image))),
            ] {
                let (expected, expectedTransform) = try ReferencePath.letterbox(
                    reference, inputWidth: 640, inputHeight: 640)
                let transform = try preprocessor.preprocess(frame.info, frame.bytes.span.bytes, into: &input)
                #expect(transform == expectedTransform)
                #expect(ReferencePath.largestDifference(input, expected) == 0, "\(path) as \(frame.info.format)")
            }
        }
    }
}
