extension JPEGScale {
    /// The reductions worth decoding at: libjpeg-turbo's fast power-of-two
    /// DCT scalings, smallest first.
    static let reductions: [JPEGScale] = [.eighth, .quarter, .half]

    /// The smallest scale at which a JPEG still decodes at least as large as
    /// its letterboxed image, so that the resize after it only ever shrinks
    /// (or copies); `.full` when no reduction keeps that size.
    static func smallestKeeping(_ transform: LetterboxTransform) -> JPEGScale {
        reductions.first { scale in
            scale.scaled(transform.sourceWidth) >= transform.resizedWidth
                && scale.scaled(transform.sourceHeight) >= transform.resizedHeight
        } ?? .full
    }
}
