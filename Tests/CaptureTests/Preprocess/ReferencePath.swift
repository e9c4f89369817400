@testable import Capture
import Infer

/// The plain path the one-pass preprocessor must match: the whole frame
/// converted to an RGB image pixel by pixel, then the existing Letterboxer.
enum ReferencePath {
    static let table = try! InputQuantizationTable(scale: 0.01865844801068306, zeroPoint: -14)

    struct Frame {
        var info: FrameInfo
        var bytes: [UInt8]
    }

    static func info(_ format: PixelFormat, _ width: Int, _ height: Int, bytesPerLine: Int) -> FrameInfo {
        FrameInfo(
            format: format, width: width, height: height, bytesPerLine: bytesPerLine, sequence: 0,
            timestamp: .zero)
    }

    /// Every pixel with its own pair's U and V (YUYV: Y0 U Y1 V).
    static func rgb(yuyv frame: Frame, matrix: YCbCrMatrix = .bt601) throws -> RGBImage {
        let info = frame.info
        var bytes: [UInt8] = []
        for y in 0..<info.height {
            for x in 0..<info.width {
                let pair = y * info.bytesPerLine + (x / 2) * 4
                let pixel = matrix.rgb(
                    y: frame.bytes[y * info.bytesPerLine + 2 * x], cb: frame.bytes[pair + 1],
                    cr: frame.bytes[pair + 3])
                bytes += [pixel.red, pixel.green, pixel.blue]
            }
        }
        return try RGBImage(width: info.width, height: info.height, bytes: bytes)
    }

    /// Every pixel with its 2×2 block's U and V; unless `info.chroma` places
    /// them, chroma rows are the luma stride rounded up to even apart, after
    /// the luma plane.
    static func rgb(nv12 frame: Frame, matrix: YCbCrMatrix = .bt601) throws -> RGBImage {
        let info = frame.info
        let chromaStart = info.chroma?.offset ?? info.bytesPerLine * info.height
        let chromaStride = info.chroma?.bytesPerLine ?? (info.bytesPerLine + 1) / 2 * 2
        var bytes: [UInt8] = []
        for y in 0..<info.height {
            for x in 0..<info.width {
                let pair = chromaStart + (y / 2) * chromaStride + (x / 2) * 2
                let pixel = matrix.rgb(
                    y: frame.bytes[y * info.bytesPerLine + x], cb: frame.bytes[pair], cr: frame.bytes[pair + 1])
                bytes += [pixel.red, pixel.green, pixel.blue]
            }
        }
        return try RGBImage(width: info.width, height: info.height, bytes: bytes)
    }

    /// Every pixel with its 2×2 block's U and V, each from its own plane.
    /// Unless `info.chroma` places them, U follows the luma plane and V
    /// follows U, with chroma rows half the luma stride (rounded up) apart:
    /// V4L2's single-planar YU12.
    static func rgb(i420 frame: Frame, matrix: YCbCrMatrix = .bt601) throws -> RGBImage {
        let info = frame.info
        let defaultStride = (info.bytesPerLine + 1) / 2
        let chromaStride = info.chroma?.bytesPerLine ?? defaultStride
        let uStart = info.chroma?.offset ?? info.bytesPerLine * info.height
        let vStart = info.chroma?.secondOffset ?? uStart + defaultStride * ((info.height + 1) / 2)
        var bytes: [UInt8] = []
        for y in 0..<info.height {
            for x in 0..<info.width {
                let sample = (y / 2) * chromaStride + x / 2
                let pixel = matrix.rgb(
                    y: frame.bytes[y * info.bytesPerLine + x], cb: frame.bytes[uStart + sample],
                    cr: frame.bytes[vStart + sample])
                bytes += [pixel.red, pixel.green, pixel.blue]
            }
        }
        return try RGBImage(width: info.width, height: info.height, bytes: bytes)
    }

    /// The reference RGB of an uncompressed frame of any format the preprocessor reads.
    static func rgb(_ frame: Frame) throws -> RGBImage {
        switch frame.info.format {
        case .yuyv: try rgb(yuyv: frame)
        case .nv12: try rgb(nv12: frame)
        case .i420: try rgb(i420: frame)
        case .rgb24: try rgb(rgb24: frame)
        default: throw UnexpectedFormat(format: frame.info.format)
        }
    }

    struct UnexpectedFormat: Error {
        var format: PixelFormat
    }

    /// The pixels of an RGB24 frame without its row padding.
    static func rgb(rgb24 frame: Frame) throws -> RGBImage {
        let info = frame.info
        var bytes: [UInt8] = []
        for y in 0..<info.height {
            let start = y * info.bytesPerLine
            bytes += frame.bytes[start..<(start + info.width * 3)]
        }
        return try RGBImage(width: info.width, height: info.height, bytes: bytes)
    }

    static func letterbox(_ image: RGBImage, inputWidth: Int, inputHeight: Int) throws
        -> ([Int8], LetterboxTransform)
    {
        var letterboxer = try Letterboxer(inputWidth: inputWidth, inputHeight: inputHeight, quantization: table)
        var input = [Int8](repeating: 0, count: letterboxer.inputCount)
        let transform = try letterboxer.letterbox(image, into: &input)
        return (input, transform)
    }

    /// The largest difference between two inputs of equal size, in quantized steps.
    static func largestDifference(_ first: [Int8], _ second: [Int8]) -> Int {
        precondition(first.count == second.count)
        return zip(first, second).map { abs(Int($0) - Int($1)) }.max() ?? 0
    }
}
