import Capture

// Text is given as a count and a closure that spells character `i`, not as a collection: an
// unspecialized generic loop (as in debug builds) allocates per element, and drawing must not.
extension RGBImage {
    /// Writes `count` characters, `character(i)` the `i`th, in the bitmap font with the text's
    /// top-left corner at (`x`, `y`), each font pixel `scale` pixels square; what leaves the
    /// image is clipped.
    mutating func drawText(
        count: Int, x: Int, y: Int, scale: Int, color: RGBColor, character: (Int) -> UInt8
    ) {
        for index in 0..<count {
            let left = x + index * BitmapFont.advance * scale
            let code = character(index)
            for column in 0..<BitmapFont.glyphWidth {
                let bits = BitmapFont.column(column, of: code)
                for row in 0..<BitmapFont.glyphHeight where (bits >> row) & 1 == 1 {
                    fill(x: left + column * scale, y: y + row * scale, width: scale, height: scale, with: color)
                }
            }
        }
    }

    /// Writes `count` characters on a box filled with `background`, its top-left corner at
    /// (`x`, `y`) moved into the image as far as the box fits, in black or white, whichever
    /// reads better.
    mutating func drawLabel(
        count: Int, x: Int, y: Int, style: AnnotationStyle, background: RGBColor, character: (Int) -> UInt8
    ) {
        let size = style.labelSize(characters: count)
        let left = min(max(x, 0), max(width - size.width, 0))
        let top = min(max(y, 0), max(height - size.height, 0))
        fill(x: left, y: top, width: size.width, height: size.height, with: background)
        drawText(
            count: count, x: left + style.padding, y: top + style.padding, scale: style.fontScale,
            color: ClassPalette.text(on: background), character: character)
    }
}
