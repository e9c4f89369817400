/// Where a source image lands inside the model input after an Ultralytics
/// letterbox (`LetterBox(auto=False, center=True, scaleup=True)`), and the
/// way back for boxes.
///
/// The geometry replicates Ultralytics exactly, Python's round-half-to-even
/// included. One deliberate deviation: a side that would round to 0 pixels
/// (aspect ratios beyond 2·size:1, where Ultralytics' `cv2.resize` fails) is
/// kept at 1 pixel.
public struct LetterboxTransform: Sendable, Equatable {
    public let sourceWidth: Int
    public let sourceHeight: Int
    public let inputWidth: Int
    public let inputHeight: Int
    /// Source-to-input scale, `min(inputHeight / sourceHeight, inputWidth / sourceWidth)`.
    public let gain: Double
    /// Size of the resized image inside the input.
    public let resizedWidth: Int
    public let resizedHeight: Int
    /// Padding left of and above the resized image, in input pixels.
    public let padX: Int
    public let padY: Int

    public init(sourceWidth: Int, sourceHeight: Int, inputWidth: Int, inputHeight: Int)
        throws(LetterboxError)
    {
        guard sourceWidth > 0, sourceHeight > 0 else {
            throw .invalidSourceSize(width: sourceWidth, height: sourceHeight)
        }
        guard inputWidth > 0, inputHeight > 0 else {
            throw .invalidInputSize(width: inputWidth, height: inputHeight)
        }
        let gain = min(
            Double(inputHeight) / Double(sourceHeight), Double(inputWidth) / Double(sourceWidth))
        // Python's round() is half-to-even; `int(round(x))` in LetterBox.
        let resizedWidth = max(1, Int((Double(sourceWidth) * gain).rounded(.toNearestOrEven)))
        let resizedHeight = max(1, Int((Double(sourceHeight) * gain).rounded(.toNearestOrEven)))
        self.sourceWidth = sourceWidth
        self.sourceHeight = sourceHeight
        self.inputWidth = inputWidth
        self.inputHeight = inputHeight
        self.gain = gain
        self.resizedWidth = resizedWidth
        self.resizedHeight = resizedHeight
        self.padX = Self.leadingPad(free: inputWidth - resizedWidth)
        self.padY = Self.leadingPad(free: inputHeight - resizedHeight)
    }

    /// `int(round(dw / 2 - 0.1))`: an odd free border puts the extra pixel
    /// after the image.
    private static func leadingPad(free: Int) -> Int {
        Int((Double(free) / 2 - 0.1).rounded(.toNearestOrEven))
    }
}
