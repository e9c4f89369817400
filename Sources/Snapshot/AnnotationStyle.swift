/// Sizes of what an ``Annotator`` draws, grown with the frame so that labels stay readable on
/// large frames: the font's pixels are `fontScale` pixels square.
struct AnnotationStyle {
    /// 1 below 960 pixels on the short side, then one more per 480 pixels (2 at 1080p, 4 at 4K).
    let fontScale: Int
    /// Box, zone and line strokes: 2 pixels, 3 from 960 pixels on the short side.
    let lineWidth: Int

    init(width: Int, height: Int) {
        fontScale = max(1, min(width, height) / 480)
        lineWidth = fontScale > 1 ? 3 : 2
    }

    /// Space between a label's text and its background's edges.
    var padding: Int { fontScale }

    /// The size of a label of `characters` characters, background included.
    func labelSize(characters: Int) -> (width: Int, height: Int) {
        let text = max(characters * BitmapFont.advance - 1, 0) * fontScale
        return (text + 2 * padding, BitmapFont.glyphHeight * fontScale + 2 * padding)
    }

    /// The length of a line's direction arrow.
    var arrowLength: Int { 16 * fontScale }
}
