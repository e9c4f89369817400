/// One node of a graph being prepared, with checked access to its operands.
struct NodeContext {
    let nodeIndex: Int
    let graph: Graph
    let node: Node

    init(nodeIndex: Int, graph: Graph) throws(KernelError) {
        guard graph.nodes.indices.contains(nodeIndex) else {
            throw KernelError(nodeIndex: nodeIndex, op: "?", reason: "no such node (graph has \(graph.nodes.count))")
        }
        self.nodeIndex = nodeIndex
        self.graph = graph
        self.node = graph.nodes[nodeIndex]
    }

    func error(_ reason: String) -> KernelError {
        KernelError(nodeIndex: nodeIndex, op: node.op.name, reason: reason)
    }

    func requireInputCount(_ range: ClosedRange<Int>) throws(KernelError) {
        guard range.contains(node.inputs.count), node.outputs.count == 1 else {
            throw error("expects \(range) inputs and 1 output, has \(node.inputs.count) and \(node.outputs.count)")
        }
    }

    private func tensor(at index: Int, role: String) throws(KernelError) -> Tensor {
        guard graph.tensors.indices.contains(index) else {
            throw error("\(role) refers to missing tensor \(index)")
        }
        return graph.tensors[index]
    }

    func input(_ position: Int) throws(KernelError) -> Tensor {
        guard node.inputs.indices.contains(position) else { throw error("missing input \(position)") }
        return try tensor(at: node.inputs[position], role: "input \(position)")
    }

    /// `nil` when an optional input is absent (-1).
    func optionalInput(_ position: Int) throws(KernelError) -> Tensor? {
        guard node.inputs.indices.contains(position), node.inputs[position] >= 0 else { return nil }
        return try input(position)
    }

    func output(_ position: Int = 0) throws(KernelError) -> Tensor {
        guard node.outputs.indices.contains(position) else { throw error("missing output \(position)") }
        return try tensor(at: node.outputs[position], role: "output \(position)")
    }

    /// Scale and zero point of a per-tensor quantized tensor of `type`.
    func affine(_ tensor: Tensor, _ type: ElementType = .int8) throws(KernelError) -> (scale: Float, zeroPoint: Int32) {
        guard tensor.type == type else {
            throw error("tensor '\(tensor.name)' is \(tensor.type.rawValue), expected \(type.rawValue)")
        }
        guard let quantization = tensor.quantization, !quantization.scales.isEmpty,
              quantization.zeroPoints.count >= 1
        else { throw error("tensor '\(tensor.name)' has no quantization parameters") }
        let scale = quantization.scale, zeroPoint = quantization.zeroPoint
        guard scale > 0, scale.isFinite else { throw error("tensor '\(tensor.name)' has invalid scale \(scale)") }
        if type == .int8, !(-128...127).contains(zeroPoint) {
            throw error("tensor '\(tensor.name)' has zero point \(zeroPoint) outside int8")
        }
        return (scale, zeroPoint)
    }

    func requireType(_ tensor: Tensor, _ type: ElementType) throws(KernelError) {
        guard tensor.type == type else {
            throw error("tensor '\(tensor.name)' is \(tensor.type.rawValue), expected \(type.rawValue)")
        }
    }

    /// The integer values of a constant int32/int64 operand.
    func constantIntegers(_ position: Int) throws(KernelError) -> [Int] {
        let tensor = try input(position)
        guard tensor.isConstant else { throw error("input \(position) '\(tensor.name)' must be constant") }
        guard let values = tensor.integerValues(), values.count == tensor.elementCount else {
            throw error("input \(position) '\(tensor.name)' must hold \(tensor.elementCount) int32/int64 values")
        }
        return values
    }

    func constantBytes(_ tensor: Tensor) throws(KernelError) -> [UInt8] {
        guard let data = tensor.data, data.count == tensor.byteCount else {
            throw error("constant '\(tensor.name)' must hold \(tensor.byteCount) bytes")
        }
        return data
    }

    /// Rank `rank` with every dimension at least 1.
    func requireShape(_ tensor: Tensor, rank: Int) throws(KernelError) {
        guard tensor.shape.count == rank, tensor.shape.allSatisfy({ $0 > 0 }) else {
            throw error("'\(tensor.name)' shape \(tensor.shape) must be rank \(rank) with positive dimensions")
        }
    }

    func requireSameElementCount(_ a: Tensor, _ b: Tensor) throws(KernelError) {
        guard a.elementCount == b.elementCount else {
            throw error("'\(a.name)' \(a.shape) and '\(b.name)' \(b.shape) differ in size")
        }
    }
}
