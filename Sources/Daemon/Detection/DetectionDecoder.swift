import Infer

/// Decodes an engine's outputs after `run()` with the head its layout needs.
struct DetectionDecoder {
    enum Head {
        case combined(DetectionHead)
        case grid(GridDetectionHead)
    }

    private let engine: Engine
    // Two optionals rather than the enum, so that decoding mutates the head in
    // place (rebinding an enum payload would copy its buffers every frame).
    private var combined: DetectionHead?
    private var grid: GridDetectionHead?
    /// The engine's output buffers: its arena is fixed for its lifetime, and
    /// the decoder keeps the engine alive, so these stay valid.
    private let outputs: [UnsafeBufferPointer<Int8>]

    init(engine: Engine, head: Head) {
        self.engine = engine
        switch head {
        case .combined(let head): combined = head
        case .grid(let head): grid = head
        }
        outputs = engine.outputIndices.indices.map { position in engine.withInt8Output(position) { $0 } }
    }

    mutating func decode(transform: LetterboxTransform, into detections: inout [Detection]) throws {
        if combined != nil {
            try combined!.decode(output: outputs[0], transform: transform, into: &detections)
        } else {
            try grid!.decode(outputs: outputs, transform: transform, into: &detections)
        }
    }
}
