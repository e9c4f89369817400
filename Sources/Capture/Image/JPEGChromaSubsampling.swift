import CTurboJPEG

/// How much colour resolution a JPEG keeps beside its full-resolution brightness.
public enum JPEGChromaSubsampling: Sendable, CaseIterable {
    /// Colour at full resolution: thin coloured strokes and small text stay sharp.
    case yuv444
    /// Colour at half the width.
    case yuv422
    /// Colour at half the width and half the height: the usual for photos and video, smallest.
    case yuv420

    var turboJPEGValue: Int32 {
        switch self {
        case .yuv444: Int32(TJSAMP_444.rawValue)
        case .yuv422: Int32(TJSAMP_422.rawValue)
        case .yuv420: Int32(TJSAMP_420.rawValue)
        }
    }
}
