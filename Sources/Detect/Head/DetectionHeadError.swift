/// Why a detection head could not be built or could not decode an output.
public enum DetectionHeadError: Error, Equatable, CustomStringConvertible {
    /// The output is not `[1, 4 + classes, anchors]` with at least one class.
    case invalidOutputShape([Int])
    case unsupportedQuantization(String)
    case invalidOption(String)
    case outputSizeMismatch(expected: Int, actual: Int)

    public var description: String {
        switch self {
        case let .invalidOutputShape(shape):
            "detection output shape \(shape) is not [1, 4 + classes, anchors]"
        case let .unsupportedQuantization(reason):
            "detection output quantization: \(reason)"
        case let .invalidOption(reason):
            "detection option: \(reason)"
        case let .outputSizeMismatch(expected, actual):
            "detection output holds \(actual) values, the head expects \(expected)"
        }
    }
}
