import Glibc

/// The expected distance of one box side from its int8 bin logits: a softmax
/// over the bins through an exact exp table (`exp(-scale · d)` for each int8
/// distance d below the largest logit), then Σ i·pᵢ, as YOLOv8's DFL layer.
struct DistributionFocalDecoder: Sendable {
    /// exponentials[d] = exp(−scale · d), d = 0...255.
    private let exponentials: [Float]

    init(scale: Float) {
        exponentials = (0...255).map { Float(exp(-Double(scale) * Double($0))) }
    }

    /// `logits`: `bins` int8 values starting at `start`.
    func distance(_ logits: UnsafeBufferPointer<Int8>, start: Int, bins: Int) -> Float {
        var largest = Int8.min
        for bin in 0..<bins { largest = max(largest, logits[start + bin]) }
        var total: Float = 0, weighted: Float = 0
        for bin in 0..<bins {
            let weight = exponentials[Int(largest) - Int(logits[start + bin])]
            total += weight
            weighted += weight * Float(bin)
        }
        return weighted / total
    }
}
