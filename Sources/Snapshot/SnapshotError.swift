import Capture

/// A snapshot that could not be made.
public enum SnapshotError: Error, Equatable, CustomStringConvertible {
    /// The frame could not be converted to RGB (its format, size or JPEG data).
    case frame(PreprocessError)
    /// libjpeg-turbo could not encode the picture.
    case encoding(JPEGError)

    public var description: String {
        switch self {
        case .frame(let error): "snapshot: \(error)"
        case .encoding(let error): "snapshot: \(error)"
        }
    }
}
