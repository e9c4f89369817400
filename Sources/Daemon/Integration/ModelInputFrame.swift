import Capture
import Infer

/// A frame as the pipeline moves it between threads: already letterboxed and
/// quantized into the model's int8 input, with the geometry to map boxes back.
struct ModelInputFrame: Sendable {
    var tensor: [Int8]
    var transform: LetterboxTransform?
    /// The frame as the source gave it, kept for snapshots (empty until the store keeps frames).
    var source = SourceFrame()

    init(inputCount: Int) {
        tensor = [Int8](repeating: 0, count: inputCount)
    }
}
