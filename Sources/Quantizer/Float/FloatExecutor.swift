import Infer

/// Runs a float32 IR graph (as `ONNXConverter` makes it) on the CPU: the
/// reference for calibration, FP32 accuracy and per-layer error reports.
/// Not the engine: it allocates freely and favours clarity, except for the
/// convolutions, which run in C.
public struct FloatExecutor: Sendable {
    public let graph: Graph
    private let steps: [FloatStep]
    private let constants: [Int: [Float]]

    public init(graph: Graph) throws(FloatExecutionError) {
        self.graph = graph
        var constants: [Int: [Float]] = [:]
        for (index, tensor) in graph.tensors.enumerated() where tensor.isConstant && tensor.type == .float32 {
            constants[index] = tensor.floatValues()
        }
        self.constants = constants
        var steps: [FloatStep] = []
        for index in graph.nodes.indices {
            steps.append(try FloatStep(nodeIndex: index, graph: graph, constants: constants))
        }
        self.steps = steps
    }

    /// Runs the graph on `input` (the graph input's elements, row-major in its
    /// IR shape) and returns every graph output.
    public func run(_ input: [Float]) throws(FloatExecutionError) -> [[Float]] {
        try run(input, observing: { _, _ in })
    }

    /// Like `run(_:)`, and hands each node output to `observe` as it is computed.
    public func run(
        _ input: [Float], observing observe: (_ tensor: Int, _ values: [Float]) -> Void
    ) throws(FloatExecutionError) -> [[Float]] {
        let inputIndex = graph.inputs[0]
        guard input.count == graph.tensors[inputIndex].elementCount else {
            throw .inputSize(expected: graph.tensors[inputIndex].elementCount, actual: input.count)
        }
        var values = [[Float]?](repeating: nil, count: graph.tensors.count)
        for (index, constant) in constants { values[index] = constant }
        values[inputIndex] = input
        let remainingReads = Self.readCounts(graph)
        var reads = remainingReads
        for (step, node) in zip(steps, graph.nodes) {
            guard let output = step.run(node.inputs.map { $0 >= 0 ? values[$0] ?? [] : [] }),
                output.count == step.outputCount
            else {
                throw .unsupportedNode(
                    index: step.nodeIndex, op: node.op.name, reason: "tensor sizes do not match the graph's shapes")
            }
            values[node.outputs[0]] = output
            observe(node.outputs[0], output)
            // Free activations no later node reads, so a 640×640 run stays small.
            for tensor in node.inputs where tensor >= 0 && constants[tensor] == nil {
                reads[tensor] -= 1
                if reads[tensor] == 0 && !graph.outputs.contains(tensor) { values[tensor] = nil }
            }
        }
        return graph.outputs.map { values[$0] ?? [] }
    }

    private static func readCounts(_ graph: Graph) -> [Int] {
        var counts = [Int](repeating: 0, count: graph.tensors.count)
        for node in graph.nodes { for tensor in node.inputs where tensor >= 0 { counts[tensor] += 1 } }
        return counts
    }
}

extension Tensor {
    /// A float32 constant's elements; `nil` for other tensors.
    func floatValues() -> [Float]? {
        guard let data, type == .float32, data.count == byteCount else { return nil }
        return FloatBytes.floats(from: data, count: elementCount)
    }
}
