/// The constant tensors some kernel reads at run time, copied once into one
/// aligned buffer so those reads see stable, aligned addresses. Constants a
/// kernel packed or copied at load (convolution filters and biases, binary
/// operands) are left out: the kernel's copy is the one that runs.
struct ConstantPool {
    var buffer: AlignedBuffer
    var offsets: [Int: Int]

    static func make(graph: Graph, steps: [ExecutionStep], kernels: [any Kernel]) -> ConstantPool {
        var offsets: [Int: Int] = [:]
        var size = 0
        for (step, kernel) in zip(steps, kernels) {
            for (position, tensor) in step.inputs.enumerated()
            where tensor >= 0 && offsets[tensor] == nil && kernel.readsInputAtRunTime(position) {
                guard let data = graph.tensors[tensor].data else { continue }
                offsets[tensor] = size
                size = MemoryPlanner.align(size + data.count, to: AlignedBuffer.alignment)
            }
        }
        let buffer = AlignedBuffer(byteCount: size)
        for (index, offset) in offsets { buffer.copy(from: graph.tensors[index].data!, to: offset) }
        return ConstantPool(buffer: buffer, offsets: offsets)
    }
}

extension Graph {
    /// The graph without the bytes of its constants, which an engine keeps
    /// once it is prepared: the kernels and the pool hold what runs, and a
    /// second copy of every weight would double the model's resident memory.
    func droppingConstantData() -> Graph {
        var graph = self
        for index in graph.tensors.indices { graph.tensors[index].data = nil }
        return graph
    }
}
