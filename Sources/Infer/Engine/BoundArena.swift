/// The last stage of preparing an engine: the arena planned and allocated, the constants
/// pooled, and every step bound to the addresses of its inputs, outputs and scratch.
///
/// It owns the memory the kernels run in, and the one table of pointers every binding points
/// into, so that binding costs one allocation and a run none. The pointers never leave the
/// engine: `Engine` lends its input and outputs for one call at a time.
final class BoundArena {
    /// Per step, one binding per thread that works on it (they differ in scratch).
    let bindings: [[KernelIO]]
    /// Address of every tensor that has storage (arena or constant pool).
    let addresses: [UnsafeMutableRawPointer?]
    let memory: MemoryReport
    let plannedBuffers: [PlannedBuffer]
    private let arena: AlignedBuffer
    private let constantPool: AlignedBuffer
    private let pointerTable: UnsafeMutableRawBufferPointer

    /// - Parameters:
    ///   - partitioned: per step, the kernel when it splits its rows over `threadCount` threads.
    ///   - overlapsConvolutions: let a convolution that one thread runs write over its input
    ///     (the last load-time pass, which needs each kernel's row order and scratch).
    init(
        graph: Graph, steps: [ExecutionStep], slices: [Int: TensorSlice], kernels: [any Kernel],
        partitioned: [(any RowPartitionedKernel)?], threadCount: Int, overlapsConvolutions: Bool
    ) throws(EngineError) {
        // A kernel that splits its rows over threads needs one scratch slice per thread.
        let threadSlices = partitioned.map { $0 == nil ? 1 : threadCount }
        let sliceBytes = kernels.map { MemoryPlanner.align($0.scratchByteCount, to: AlignedBuffer.alignment) }
        let overlaps = overlapsConvolutions ? InPlaceConvolutions.overlaps(
            steps: steps, kernels: kernels, rowsInOrder: partitioned.map { $0 == nil }, slices: slices, graph: graph
        ) : [:]
        let layout = ArenaLayout(
            graph: graph, steps: steps, slices: slices, overlaps: overlaps,
            scratch: zip(threadSlices, sliceBytes).map { $0 * $1 })
        let arena = AlignedBuffer(byteCount: layout.plan.arenaSize)
        let constantPool = ConstantPool.make(graph: graph, steps: steps, kernels: kernels)
        var addresses = [UnsafeMutableRawPointer?](repeating: nil, count: graph.tensors.count)
        for (tensor, offset) in layout.tensorOffsets { addresses[tensor] = arena.address(at: offset) }
        for (tensor, offset) in constantPool.offsets { addresses[tensor] = constantPool.buffer.address(at: offset) }

        let slots = steps.reduce(0) { $0 + $1.inputs.count + $1.outputs.count }
        let pointerTable = UnsafeMutableRawBufferPointer.allocate(
            byteCount: max(slots, 1) * MemoryLayout<UnsafeRawPointer?>.stride,
            alignment: MemoryLayout<UnsafeRawPointer?>.alignment)
        var bindings: [[KernelIO]] = []
        var slot = 0
        for (index, step) in steps.enumerated() {
            let inputs = pointerTable.baseAddress!.bindMemory(
                to: UnsafeRawPointer?.self, capacity: slots) + slot
            for (n, tensor) in step.inputs.enumerated() {
                inputs[n] = tensor >= 0 ? addresses[tensor].map { UnsafeRawPointer($0) } : nil
            }
            slot += step.inputs.count
            let outputs = (pointerTable.baseAddress! + slot * MemoryLayout<UnsafeRawPointer?>.stride)
                .assumingMemoryBound(to: UnsafeMutableRawPointer.self)
            for (n, tensor) in step.outputs.enumerated() {
                guard let address = addresses[tensor] else {
                    pointerTable.deallocate()
                    throw .unsupportedGraph("output tensor \(tensor) of node \(step.node) has no storage")
                }
                outputs[n] = address
            }
            slot += step.outputs.count
            bindings.append((0..<threadSlices[index]).map { slice in
                KernelIO(
                    inputs: UnsafeBufferPointer(start: inputs, count: step.inputs.count),
                    outputs: UnsafeBufferPointer(start: outputs, count: step.outputs.count),
                    scratch: layout.scratchOffsets[index].map { arena.address(at: $0 + slice * sliceBytes[index]) })
            })
        }

        self.bindings = bindings
        self.addresses = addresses
        self.arena = arena
        self.constantPool = constantPool.buffer
        self.pointerTable = pointerTable
        plannedBuffers = layout.buffers
        memory = MemoryReport(
            arenaBytes: layout.plan.arenaSize,
            sumOfBufferBytes: layout.plan.sumOfSizes,
            livenessLowerBound: layout.plan.livenessLowerBound,
            constantBytes: constantPool.buffer.byteCount + kernels.reduce(0) { $0 + $1.constantByteCount },
            constantPoolBytes: constantPool.buffer.byteCount)
    }

    deinit { pointerTable.deallocate() }
}
