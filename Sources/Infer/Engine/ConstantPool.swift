/// Every constant tensor copied once into one aligned buffer, so kernels
/// that read constant operands at run time see stable, aligned addresses.
struct ConstantPool {
    var buffer: AlignedBuffer
    var offsets: [Int: Int]

    static func make(graph: Graph) -> ConstantPool {
        var offsets: [Int: Int] = [:]
        var size = 0
        for (index, tensor) in graph.tensors.enumerated() {
            guard let data = tensor.data else { continue }
            offsets[index] = size
            size = MemoryPlanner.align(size + data.count, to: AlignedBuffer.alignment)
        }
        let buffer = AlignedBuffer(byteCount: size)
        for (index, offset) in offsets { buffer.copy(from: graph.tensors[index].data!, to: offset) }
        return ConstantPool(buffer: buffer, offsets: offsets)
    }
}
