import Capture

/// The model input size a detector is asked for.
///
/// A model converted from ONNX runs at any multiple of its largest stride, so the work per
/// frame can follow the camera's shape: a 16:9 frame letterboxed into 640x640 spends 40 % of
/// the inference on padding, one letterboxed into 640x384 spends none of it. A TFLite export
/// runs only at the size it was exported for.
public enum InputSizeRequest: Sendable, Equatable {
    /// The model's own input size.
    case model
    /// Exactly this size; an error if the model cannot run at it.
    case fixed(FrameSize)
    /// The smallest rectangle, in multiples of the model's largest stride, that holds an image
    /// of this size scaled to the model's own long side, as Ultralytics' `LetterBox(auto=True)`
    /// pads. A model fixed at one size keeps it.
    case fitting(FrameSize)

    /// The input size for images of `image`'s size: the size the letterbox scales them to
    /// inside a `longSide` square, each side rounded up to a multiple of `stride`.
    public static func fittedSize(
        holding image: FrameSize, longSide: Int, stride: Int
    ) throws(LetterboxError) -> FrameSize {
        let square = try LetterboxTransform(
            sourceWidth: image.width, sourceHeight: image.height, inputWidth: longSide, inputHeight: longSide)
        func rounded(_ side: Int) -> Int { (side + stride - 1) / stride * stride }
        return FrameSize(width: rounded(square.resizedWidth), height: rounded(square.resizedHeight))
    }
}
