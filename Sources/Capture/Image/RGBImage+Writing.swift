extension RGBImage {
    /// The colour at column `x`, row `y`, which must lie inside the image.
    public func pixel(x: Int, y: Int) -> RGBColor {
        precondition((0..<width).contains(x) && (0..<height).contains(y), "pixel (\(x), \(y)) outside \(width)x\(height)")
        let index = (y * width + x) * 3
        return RGBColor(red: bytes[index], green: bytes[index + 1], blue: bytes[index + 2])
    }

    /// Paints the part of the rectangle of `width`×`height` pixels at (`x`, `y`) that lies inside
    /// the image; the rest is clipped away, so drawing code may pass any coordinates.
    package mutating func fill(x: Int, y: Int, width: Int, height: Int, with color: RGBColor) {
        let columns = Self.clip(x, width, to: self.width)
        let rows = Self.clip(y, height, to: self.height)
        guard !columns.isEmpty, !rows.isEmpty else { return }
        let stride = self.width * 3
        withUnsafeMutableBytes { pixels in
            for row in rows {
                for column in columns {
                    let index = row * stride + column * 3
                    pixels[index] = color.red
                    pixels[index + 1] = color.green
                    pixels[index + 2] = color.blue
                }
            }
        }
    }

    /// Overwrites row `y` with the first `width * 3` bytes of `row`.
    mutating func setRow(_ y: Int, from row: [UInt8]) {
        let count = width * 3
        precondition((0..<height).contains(y) && row.count >= count)
        withUnsafeMutableBytes { pixels in
            row.withUnsafeBufferPointer { source in
                _ = UnsafeMutableBufferPointer(rebasing: pixels[(y * count)..<((y + 1) * count)])
                    .update(fromContentsOf: source[..<count])
            }
        }
    }

    /// The indices of `start..<start + length` within `0..<limit`, without overflow for any input.
    private static func clip(_ start: Int, _ length: Int, to limit: Int) -> Range<Int> {
        guard length > 0, start < limit else { return 0..<0 }
        let (end, overflow) = start.addingReportingOverflow(length)
        let upper = overflow ? limit : min(end, limit)
        let lower = max(start, 0)
        return lower < upper ? lower..<upper : 0..<0
    }
}
