/// RESHAPE: the bytes stay as they are; only the shape changes. Most RESHAPEs
/// never run: their output is a view of the input (`ContiguousSliceViews`).
/// This copies where it cannot be (a graph output, an input stored in strided
/// runs).
final class CopyKernel: Kernel, @unchecked Sendable {
    private let byteCount: Int
    let scratchByteCount = 0

    init(_ context: NodeContext) throws(KernelError) {
        try context.requireInputCount(1...2)
        let input = try context.input(0), output = try context.output()
        guard input.type == output.type else { throw context.error("input and output types differ") }
        try context.requireSameElementCount(input, output)
        if input.type == .int8 { try requireSameQuantization(input, output, context) }
        byteCount = input.byteCount
    }

    func run(_ io: KernelIO) {
        let source = io.input(0), destination = io.outputs[0]
        if source != UnsafeRawPointer(destination) { destination.copyMemory(from: source, byteCount: byteCount) }
    }
}
