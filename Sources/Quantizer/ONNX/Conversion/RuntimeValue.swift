import Infer

/// An ONNX value computed at run time, bound to an IR tensor.
///
/// ONNX is NCHW; the IR keeps feature maps NHWC. Rather than transposing at
/// every op, each value records how its IR tensor's axes relate to the ONNX
/// value's axes: IR axis `i` is ONNX axis `layout[i]`. An ONNX `Transpose`
/// then only changes `layout`, and a real IR transpose is emitted only where
/// an op needs a particular order (convolutions need NHWC, reshapes need the
/// ONNX order, softmax needs its axis last).
struct RuntimeValue {
    var tensor: Int
    /// The ONNX (logical) shape.
    var shape: [Int]
    var layout: [Int]

    var rank: Int { shape.count }
    var irShape: [Int] { layout.map { shape[$0] } }

    /// The IR axis holding ONNX axis `axis`.
    func irAxis(_ axis: Int) -> Int { layout.firstIndex(of: axis)! }

    /// Whether the IR tensor's bytes are already in `target`'s element order:
    /// true when the two layouts differ only in where size-1 axes sit.
    func hasSameElementOrder(as target: [Int]) -> Bool {
        let current = layout.filter { shape[$0] != 1 }
        let wanted = target.filter { shape[$0] != 1 }
        return current == wanted
    }
}

enum Layout {
    static func identity(rank: Int) -> [Int] { Array(0..<rank) }
    /// NCHW viewed as NHWC.
    static let channelsLast = [0, 2, 3, 1]

    static func inverse(_ permutation: [Int]) -> [Int] {
        var inverse = [Int](repeating: 0, count: permutation.count)
        for (index, axis) in permutation.enumerated() { inverse[axis] = index }
        return inverse
    }
}
