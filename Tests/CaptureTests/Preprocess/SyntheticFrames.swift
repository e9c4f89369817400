@testable import Capture

/// Deterministic frames that cover every byte value (so clamping is
/// exercised), with row padding filled with 0xEE that must never show.
enum SyntheticFrames {
    static let padding: UInt8 = 0xEE

    static func value(_ x: Int, _ y: Int, _ plane: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: x * (5 + plane * 3) + y * (3 + plane) + (x * y) % 17 + plane * 71)
    }

    /// YUYV rows of `4 * ceil(width / 2) + extra` bytes.
    static func yuyv(width: Int, height: Int, extra: Int = 0) -> ReferencePath.Frame {
        let pairs = (width + 1) / 2
        let stride = 4 * pairs + extra
        var bytes = [UInt8](repeating: padding, count: stride * height)
        for y in 0..<height {
            for pair in 0..<pairs {
                let base = y * stride + 4 * pair
                bytes[base] = value(2 * pair, y, 0)
                bytes[base + 1] = value(pair, y, 1)
                bytes[base + 2] = value(2 * pair + 1, y, 0)
                bytes[base + 3] = value(pair, y, 2)
            }
        }
        return .init(info: ReferencePath.info(.yuyv, width, height, bytesPerLine: stride), bytes: bytes)
    }

    /// NV12 with luma rows `width + extra` bytes apart.
    static func nv12(width: Int, height: Int, extra: Int = 0) -> ReferencePath.Frame {
        let stride = width + extra
        let chromaStride = (stride + 1) / 2 * 2
        let chromaRows = (height + 1) / 2
        var bytes = [UInt8](repeating: padding, count: stride * height + chromaStride * chromaRows)
        for y in 0..<height {
            for x in 0..<width { bytes[y * stride + x] = value(x, y, 0) }
        }
        for row in 0..<chromaRows {
            for pair in 0..<((width + 1) / 2) {
                bytes[stride * height + row * chromaStride + 2 * pair] = value(pair, row, 1)
                bytes[stride * height + row * chromaStride + 2 * pair + 1] = value(pair, row, 2)
            }
        }
        return .init(info: ReferencePath.info(.nv12, width, height, bytesPerLine: stride), bytes: bytes)
    }

    /// I420 (V4L2's YU12) with luma rows `width + extra` bytes apart, and U
    /// then V right after the luma plane, their rows half the luma stride
    /// (rounded up) apart.
    static func i420(width: Int, height: Int, extra: Int = 0) -> ReferencePath.Frame {
        let stride = width + extra
        let chromaStride = (stride + 1) / 2
        let chromaRows = (height + 1) / 2
        let uStart = stride * height
        return i420(
            width: width, height: height,
            layout: PlaneLayout(
                lumaStride: stride, chromaOffset: uStart, secondOffset: uStart + chromaStride * chromaRows,
                chromaStride: chromaStride, byteCount: uStart + 2 * chromaStride * chromaRows),
            placed: false)
    }

    /// Where the planes of an NV12 or I420 frame lie, as a decoder or GStreamer may place
    /// them: padded strides, gaps between planes, any plane order.
    struct PlaneLayout: CustomStringConvertible {
        var lumaStride: Int
        /// NV12's UV plane, I420's U plane.
        var chromaOffset: Int
        /// I420's V plane.
        var secondOffset: Int = 0
        var chromaStride: Int
        /// The whole frame, planes and padding.
        var byteCount: Int

        var chroma: ChromaPlanes {
            ChromaPlanes(offset: chromaOffset, secondOffset: secondOffset, bytesPerLine: chromaStride)
        }

        var description: String {
            "luma stride \(lumaStride), chroma at \(chromaOffset)/\(secondOffset) stride \(chromaStride), "
                + "\(byteCount) bytes"
        }
    }

    /// NV12 whose planes lie as `layout` says, described by `FrameInfo.chroma`.
    static func nv12(width: Int, height: Int, layout: PlaneLayout) -> ReferencePath.Frame {
        var bytes = [UInt8](repeating: padding, count: layout.byteCount)
        for y in 0..<height {
            for x in 0..<width { bytes[y * layout.lumaStride + x] = value(x, y, 0) }
        }
        for row in 0..<((height + 1) / 2) {
            for pair in 0..<((width + 1) / 2) {
                bytes[layout.chromaOffset + row * layout.chromaStride + 2 * pair] = value(pair, row, 1)
                bytes[layout.chromaOffset + row * layout.chromaStride + 2 * pair + 1] = value(pair, row, 2)
            }
        }
        var info = ReferencePath.info(.nv12, width, height, bytesPerLine: layout.lumaStride)
        info.chroma = ChromaPlanes(offset: layout.chromaOffset, bytesPerLine: layout.chromaStride)
        return .init(info: info, bytes: bytes)
    }

    /// I420 whose planes lie as `layout` says; described by `FrameInfo.chroma` when `placed`.
    static func i420(width: Int, height: Int, layout: PlaneLayout, placed: Bool = true) -> ReferencePath.Frame {
        var bytes = [UInt8](repeating: padding, count: layout.byteCount)
        for y in 0..<height {
            for x in 0..<width { bytes[y * layout.lumaStride + x] = value(x, y, 0) }
        }
        for row in 0..<((height + 1) / 2) {
            for column in 0..<((width + 1) / 2) {
                bytes[layout.chromaOffset + row * layout.chromaStride + column] = value(column, row, 1)
                bytes[layout.secondOffset + row * layout.chromaStride + column] = value(column, row, 2)
            }
        }
        var info = ReferencePath.info(.i420, width, height, bytesPerLine: layout.lumaStride)
        if placed { info.chroma = layout.chroma }
        return .init(info: info, bytes: bytes)
    }

    static func rgb24(width: Int, height: Int, extra: Int = 0) -> ReferencePath.Frame {
        let stride = width * 3 + extra
        var bytes = [UInt8](repeating: padding, count: stride * height)
        for y in 0..<height {
            for x in 0..<width {
                for channel in 0..<3 { bytes[y * stride + 3 * x + channel] = value(x, y, channel) }
            }
        }
        return .init(info: ReferencePath.info(.rgb24, width, height, bytesPerLine: stride), bytes: bytes)
    }
}
