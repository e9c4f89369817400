/// One kernel invocation: a node, plus the nodes folded into it: a PAD
/// before a convolution, and elementwise nodes in its output stage.
struct ExecutionStep {
    /// The node whose kernel runs.
    var node: Int
    /// The folded nodes in graph order: the PAD, then the epilogue's nodes.
    var fusedNodes: [Int]
    /// The tensors this step writes (the last fused node's output when fused).
    var outputs: [Int]
    /// Tensors this step reads (the primary node's inputs; the PAD's input
    /// in place of its output when a PAD is folded).
    var inputs: [Int]
    /// The 256-entry table applied to each output element, when fused.
    var epilogue: [Int8]?
    /// The padding of a folded PAD.
    var inputPadding: InputPadding?
    /// Where the output goes when it is written in place into a slice of a
    /// concatenation's output.
    var outputSlice: TensorSlice?
    /// For a concatenation: positions of the inputs written in place by
    /// their producers, which it skips.
    var inPlaceInputs: Set<Int> = []
}

extension [ExecutionStep] {
    /// For each tensor, the positions of the steps that read it, in order
    /// (a step once per input it reads the tensor as).
    var readersByTensor: [Int: [Int]] {
        var readers: [Int: [Int]] = [:]
        for (index, step) in enumerated() {
            for input in step.inputs where input >= 0 { readers[input, default: []].append(index) }
        }
        return readers
    }
}
