import Capture
import Infer

/// A frame as the pipeline moves it between threads: already letterboxed and
/// quantized into the model's int8 input, with the geometry to map boxes back.
struct ModelInputFrame: Sendable {
    var tensor: [Int8]
    var transform: LetterboxTransform?

    init(inputCount: Int) {
        tensor = [Int8](repeating: 0, count: inputCount)
    }
}
