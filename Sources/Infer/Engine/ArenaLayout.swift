/// The lifetimes of every buffer a schedule needs, and their planned offsets.
///
/// A tensor written in place into a slice of another (see
/// `InPlaceConcatenation`) is no buffer of its own: its reads and writes
/// count for the enclosing tensor, whose lifetime so starts at its first
/// slice's producer, and it lives at its slice's offset inside that one.
/// So does a tensor that overlaps another (see `InPlaceConvolutions`), whose
/// buffer grows to hold both.
struct ArenaLayout {
    /// Arena offset of each non-constant tensor that has storage (a slice's
    /// first byte for a tensor written in place).
    var tensorOffsets: [Int: Int]
    /// Arena offset of each step's scratch buffer, if it needs one.
    var scratchOffsets: [Int?]
    var plan: MemoryPlan
    /// Every planned buffer with its owner, offset and lifetime (`inspect --plan`).
    var buffers: [PlannedBuffer]

    init(
        graph: Graph, steps: [ExecutionStep], slices: [Int: TensorSlice] = [:], overlaps: [Int: BufferOverlap] = [:],
        scratch: [Int]
    ) {
        var firstStep: [Int: Int] = [:]
        var lastStep: [Int: Int] = [:]
        func touch(_ tensor: Int, at step: Int) {
            guard tensor >= 0, !graph.tensors[tensor].isConstant else { return }
            let buffer = slices[tensor]?.base ?? host(tensor).base
            firstStep[buffer] = min(firstStep[buffer] ?? step, step)
            lastStep[buffer] = max(lastStep[buffer] ?? step, step)
        }
        let finalStep = max(steps.count - 1, 0)
        for input in graph.inputs { touch(input, at: 0) }
        for (index, step) in steps.enumerated() {
            step.inputs.forEach { touch($0, at: index) }
            step.outputs.forEach { touch($0, at: index) }
        }
        for output in graph.outputs { touch(output, at: finalStep) }

        // A tensor inside one that is itself inside another (a chain of
        // convolutions) lives in the last one's buffer, at the sum of the offsets.
        func host(_ tensor: Int) -> BufferOverlap {
            guard let overlap = overlaps[tensor] else { return BufferOverlap(base: tensor, offset: 0) }
            let outer = host(overlap.base)
            return BufferOverlap(base: outer.base, offset: outer.offset + overlap.offset)
        }
        var extents: [Int: Int] = [:]
        for tensor in overlaps.keys {
            let placement = host(tensor)
            extents[placement.base] = max(
                extents[placement.base] ?? 0, placement.offset + graph.tensors[tensor].byteCount)
        }
        let tensors = firstStep.keys.sorted()
        var requests = tensors.map { tensor in
            BufferRequest(
                size: max(graph.tensors[tensor].byteCount, extents[tensor] ?? 0),
                firstStep: firstStep[tensor]!, lastStep: lastStep[tensor]!)
        }
        var scratchRequest: [Int: Int] = [:]
        for (index, bytes) in scratch.enumerated() where bytes > 0 {
            scratchRequest[index] = requests.count
            requests.append(BufferRequest(size: bytes, firstStep: index, lastStep: index))
        }
        let plan = MemoryPlanner.plan(requests)
        self.plan = plan
        var offsets = Dictionary(uniqueKeysWithValues: tensors.enumerated().map { ($1, plan.offsets[$0]) })
        for (tensor, slice) in slices {
            if let base = offsets[slice.base] { offsets[tensor] = base + slice.offset }
        }
        for tensor in overlaps.keys {
            let placement = host(tensor)
            if let base = offsets[placement.base] { offsets[tensor] = base + placement.offset }
        }
        tensorOffsets = offsets
        scratchOffsets = scratch.indices.map { scratchRequest[$0].map { plan.offsets[$0] } }
        let owners = tensors.map(PlannedBuffer.Owner.tensor) + scratchRequest.sorted { $0.value < $1.value }
            .map { PlannedBuffer.Owner.scratch(step: $0.key) }
        buffers = zip(owners, requests.indices).map { owner, index in
            PlannedBuffer(
                owner: owner, offset: plan.offsets[index], size: requests[index].size,
                firstStep: requests[index].firstStep, lastStep: requests[index].lastStep)
        }
    }
}
