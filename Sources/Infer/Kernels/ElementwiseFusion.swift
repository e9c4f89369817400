/// Collapses a chain of int8 → int8 elementwise nodes into one 256-entry table.
public enum ElementwiseFusion {
    /// The table of `chain` (node indices in execution order) from tensor `input`
    /// to tensor `output`: `table[q + 128]` is the final value for input `q`.
    ///
    /// Allowed nodes: LOGISTIC, LOOKUP_TABLE, QUANTIZE int8 → int8, and MUL/ADD/SUB whose operands
    /// are computed in the chain from `input` or are constant scalars. Each node is
    /// evaluated by its own unfused kernel on all 256 inputs, so fusing is bit-exact.
    public static func lookupTable(chain: [Int], from input: Int, to output: Int, in graph: Graph) throws(KernelError) -> [Int8] {
        var values: [Int: [Int8]] = [input: (-128...127).map { Int8($0) }]
        for nodeIndex in chain {
            let context = try NodeContext(nodeIndex: nodeIndex, graph: graph)
            if case .lookupTable = context.node.op {
                // Its own table, composed with the chain so far.
                let table = try LookupTableKernel.table(of: context)
                let source = try operandValues(0, context, values)
                values[context.node.outputs[0]] = source.map { table[Int($0) + 128] }
                continue
            }
            switch context.node.op {
            case .logistic, .quantize, .add, .sub, .mul: break
            default: throw context.error("cannot be fused into an elementwise table")
            }
            let operands = try context.node.inputs.indices.map { position throws(KernelError) in
                try operandValues(position, context, values)
            }
            let result = try evaluate(context, operands: operands)
            values[context.node.outputs[0]] = result
        }
        guard let table = values[output] else {
            throw KernelError(nodeIndex: chain.last ?? -1, op: "fusion", reason: "the chain does not produce tensor \(output)")
        }
        return table
    }

    /// The 256 values of one operand: from the chain so far, or a broadcast constant scalar.
    private static func operandValues(_ position: Int, _ context: NodeContext, _ values: [Int: [Int8]]) throws(KernelError) -> [Int8] {
        if let known = values[context.node.inputs[position]] { return known }
        let tensor = try context.input(position)
        guard tensor.type == .int8, tensor.elementCount == 1, let byte = tensor.data?.first else {
            throw context.error("operand '\(tensor.name)' is neither computed from the chain input nor a constant int8 scalar")
        }
        return Array(repeating: Int8(bitPattern: byte), count: 256)
    }

    /// Runs the node's own kernel on a copy of it whose tensors hold 256 elements.
    private static func evaluate(_ context: NodeContext, operands: [[Int8]]) throws(KernelError) -> [Int8] {
        var tensors: [Tensor] = []
        for position in operands.indices {
            var tensor = try context.input(position)
            tensor.shape = [256]
            tensor.data = nil
            tensors.append(tensor)
        }
        var outputTensor = try context.output()
        guard outputTensor.type == .int8 else { throw context.error("fused nodes must produce int8") }
        outputTensor.shape = [256]
        tensors.append(outputTensor)
        let node = Node(op: context.node.op, inputs: Array(operands.indices), outputs: [operands.count])
        let kernel: any Kernel
        do {
            kernel = try KernelFactory.makeKernel(
                nodeIndex: 0, graph: Graph(tensors: tensors, nodes: [node], inputs: [], outputs: []), epilogue: nil)
        } catch {
            throw context.error(error.reason)
        }
        var result = [Int8](repeating: 0, count: 256)
        let buffers = operands.map { operand in
            let buffer = UnsafeMutablePointer<Int8>.allocate(capacity: 256)
            buffer.initialize(from: operand, count: 256)
            return buffer
        }
        defer { buffers.forEach { $0.deallocate() } }
        let inputPointers = buffers.map { UnsafeRawPointer($0) as UnsafeRawPointer? }
        result.withUnsafeMutableBytes { out in
            inputPointers.withUnsafeBufferPointer { inputs in
                [out.baseAddress!].withUnsafeBufferPointer { outputs in
                    kernel.run(KernelIO(inputs: inputs, outputs: outputs, scratch: nil))
                }
            }
        }
        return result
    }
}
