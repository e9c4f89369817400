/// Why an image could not be letterboxed into the model input.
public enum LetterboxError: Error, Equatable, CustomStringConvertible {
    case invalidSourceSize(width: Int, height: Int)
    case invalidInputSize(width: Int, height: Int)
    /// The input quantization cannot map pixels (scale not finite and positive).
    case invalidQuantization(scale: Float, zeroPoint: Int32)
    case outputSizeMismatch(expected: Int, actual: Int)

    public var description: String {
        switch self {
        case let .invalidSourceSize(width, height):
            "source image size \(width)x\(height) is not positive"
        case let .invalidInputSize(width, height):
            "model input size \(width)x\(height) is not positive"
        case let .invalidQuantization(scale, zeroPoint):
            "input quantization scale \(scale) (zero point \(zeroPoint)) must be finite and positive"
        case let .outputSizeMismatch(expected, actual):
            "model input buffer holds \(actual) values, the letterbox needs \(expected)"
        }
    }
}
