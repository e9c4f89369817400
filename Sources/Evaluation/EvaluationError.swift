/// What is wrong with the input of an evaluation.
public enum EvaluationError: Error, Hashable, Sendable {
    /// Two images of one evaluation have the same name.
    case duplicateImage(String)
    /// A detection names an image that has no ground-truth entry.
    case detectionOnUnknownImage(String)
    /// A detection or object has a NaN or infinite score or coordinate.
    case nonFiniteValue(image: String)
    /// An image size is not positive.
    case invalidImageSize(image: String, width: Int, height: Int)
    /// A line of a YOLO label file is not `class cx cy w h` with values in 0...1.
    case malformedLabel(file: String, line: Int, reason: String)
    /// A line of a detections JSON Lines file is not a detection record.
    case malformedDetectionRecord(line: Int, reason: String)
    /// A file could not be read.
    case unreadableFile(path: String, reason: String)
}

extension EvaluationError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .duplicateImage(let name):
            "image \(name) appears more than once"
        case .detectionOnUnknownImage(let name):
            "a detection refers to image \(name), which is not among the evaluated images"
        case .nonFiniteValue(let image):
            "image \(image) has a detection or object with a NaN or infinite value"
        case .invalidImageSize(let image, let width, let height):
            "image \(image) has size \(width)x\(height); width and height must be positive"
        case .malformedLabel(let file, let line, let reason):
            "\(file):\(line): \(reason)"
        case .malformedDetectionRecord(let line, let reason):
            "detection record on line \(line): \(reason)"
        case .unreadableFile(let path, let reason):
            "cannot read \(path): \(reason)"
        }
    }
}
