import Infer

/// PAD with zeros, any rank.
struct FloatPad: Sendable {
    private let destinations: IndexMap
    private let outputCount: Int

    /// `paddings` is [rank, 2] (before, after) per axis.
    init(input: [Int], output: [Int], paddings: [Int]) {
        let before = stride(from: 0, to: paddings.count, by: 2).map { paddings[$0] }
        // Destination index of every input element.
        let outputStrides = TensorIndexing.strides(of: output)
        let offset = zip(before, outputStrides).map(*).reduce(0, +)
        destinations = IndexMap(TensorIndexing.gatherIndices(shape: input, strides: outputStrides).map { $0 + offset })
        outputCount = output.reduce(1, *)
    }

    func run(_ input: [Float]) -> [Float]? {
        destinations.scatter(input, count: outputCount)
    }
}

/// CONCATENATION along one axis.
struct FloatConcatenation: Sendable {
    /// Elements of each input per outer block.
    private let chunks: [Int]
    private let blocks: Int

    init(inputs: [[Int]], axis: Int) {
        blocks = inputs[0][..<axis].reduce(1, *)
        chunks = inputs.map { $0[axis...].reduce(1, *) }
    }

    func run(_ inputs: [[Float]]) -> [Float] {
        var output: [Float] = []
        output.reserveCapacity(chunks.reduce(0, +) * blocks)
        for block in 0..<blocks {
            for (input, chunk) in zip(inputs, chunks) {
                output.append(contentsOf: input[(block * chunk)..<((block + 1) * chunk)])
            }
        }
        return output
    }
}

/// RESIZE_NEAREST_NEIGHBOR without align_corners or half-pixel centres (NHWC).
enum FloatResize {
    static func sourceIndices(input: [Int], output: [Int]) -> [Int] {
        // TFLite: source = min(floor(destination * in / out), in - 1).
        let rows = (0..<output[1]).map { min(Int(Float($0) * Float(input[1]) / Float(output[1])), input[1] - 1) }
        let columns = (0..<output[2]).map { min(Int(Float($0) * Float(input[2]) / Float(output[2])), input[2] - 1) }
        let channels = input[3]
        var indices: [Int] = []
        indices.reserveCapacity(output.reduce(1, *))
        for batch in 0..<output[0] {
            for row in rows {
                for column in columns {
                    let base = ((batch * input[1] + row) * input[2] + column) * channels
                    indices.append(contentsOf: base..<(base + channels))
                }
            }
        }
        return indices
    }
}
