/// One kernel invocation: a node, plus the elementwise nodes fused into its
/// output stage.
struct ExecutionStep {
    /// The node whose kernel runs.
    var node: Int
    /// Elementwise nodes folded into `node`'s epilogue table, in order.
    var fusedNodes: [Int]
    /// The tensors this step writes (the last fused node's output when fused).
    var outputs: [Int]
    /// Tensors this step reads (the primary node's inputs).
    var inputs: [Int]
    /// The 256-entry table applied to each output element, when fused.
    var epilogue: [Int8]?
}
