/// The format a source actually delivers, as granted by the driver for cameras.
public struct StreamFormat: Sendable, Equatable, CustomStringConvertible {
    public var format: PixelFormat
    public var width: Int
    public var height: Int
    public var bytesPerLine: Int
    /// Largest number of bytes one frame can take.
    public var imageSize: Int
    /// The frame rate the source runs at, when it knows it.
    public var framesPerSecond: Double?
    /// True when libv4l converts from another native format in software.
    public var isConverted: Bool

    public init(
        format: PixelFormat, width: Int, height: Int, bytesPerLine: Int, imageSize: Int,
        framesPerSecond: Double?, isConverted: Bool
    ) {
        self.format = format
        self.width = width
        self.height = height
        self.bytesPerLine = bytesPerLine
        self.imageSize = imageSize
        self.framesPerSecond = framesPerSecond
        self.isConverted = isConverted
    }

    public var description: String {
        var text = "\(format) \(width)x\(height) stride \(bytesPerLine)"
        if let framesPerSecond {
            text += " @ \(formatRate(framesPerSecond)) fps"
        }
        if isConverted {
            text += " (converted by libv4l)"
        }
        return text
    }
}

/// Prints a frame rate without a fractional part when it has none (25, 29.97).
func formatRate(_ rate: Double) -> String {
    let rounded = (rate * 100).rounded() / 100
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
}
