import Capture
import Infer

/// The head a model's layout needs, decoding the engine's outputs after `run()`.
struct DetectionDecoder {
    enum Head {
        case combined(DetectionHead)
        case grid(GridDetectionHead)
    }

    // Two optionals rather than the enum, so that decoding mutates the head in
    // place (rebinding an enum payload would copy its buffers every frame).
    private var combined: DetectionHead?
    private var grid: GridDetectionHead?

    init(_ head: Head) {
        switch head {
        case .combined(let head): combined = head
        case .grid(let head): grid = head
        }
    }

    mutating func decode(
        _ outputs: some Int8OutputSource, transform: LetterboxTransform, into detections: inout [Detection]
    ) throws(DetectionHeadError) {
        if combined != nil {
            try combined!.decode(outputs, transform: transform, into: &detections)
        } else {
            try grid!.decode(outputs, transform: transform, into: &detections)
        }
    }
}
