/// A graph prepared for execution: kernels bound to fixed addresses in one
/// static arena, so that `run()` makes no heap allocation.
///
/// Preparation (all at `init`): fuse elementwise chains into convolutions,
/// let producers write concatenation inputs in place into the output (and
/// split convolutions their whole output where the split halves went), read
/// slices that are one block of their input in place, run the copies into
/// concatenation slices as late as they can go, let convolutions that
/// run on one thread write over their input, let
/// each kernel precompute its constants, plan every intermediate tensor
/// and kernel scratch buffer into the arena, and bind each kernel's input and
/// output addresses. An engine runs one inference at a time.
public final class Engine: @unchecked Sendable {
    /// The graph's tensors, nodes and metadata; constants carry no data here
    /// (see `Graph.droppingConstantData`).
    public let graph: Graph
    public let memory: MemoryReport
    /// The graph's input and output tensor indices.
    public let inputIndex: Int
    private let inputByteCount: Int
    public let outputIndices: [Int]

    private let steps: [ExecutionStep]
    private let kernels: [any Kernel]
    /// The kernels that split their rows over the pool's threads.
    private let partitioned: [(any RowPartitionedKernel)?]
    private let pool: WorkerPool
    private let rowWork: RowWork
    /// The arena, the constant pool and every step's bound input and output addresses.
    private let storage: BoundArena
    /// The tensors written in place into a slice of another one.
    let slices: [Int: TensorSlice]

    /// `graph` is consumed: a caller that hands over its only copy (a model
    /// just loaded) lets each weight go as soon as its kernel has packed it.
    ///
    /// Three stages: schedule the nodes into steps (the load-time passes),
    /// make each step's kernel, then plan the arena and bind every step to it.
    public init(graph source: consuming Graph, options: EngineOptions = EngineOptions()) throws(EngineError) {
        var graph = source
        guard graph.inputs.count == 1 else {
            throw .unsupportedGraph("expected one input tensor, the model has \(graph.inputs.count)")
        }
        guard !graph.outputs.isEmpty else { throw .unsupportedGraph("the model has no output tensor") }
        self.graph = graph.droppingConstantData()
        inputIndex = graph.inputs[0]
        inputByteCount = graph.tensors[inputIndex].byteCount
        outputIndices = graph.outputs

        let (steps, slices) = Self.schedule(graph, rewrites: options.rewritesSchedule)
        let kernels = try Self.makeKernels(for: steps, slices: slices, releasingConstantsIn: &graph)
        let pool = WorkerPool(threadCount: options.threads)
        let partitioned = kernels.map { kernel -> (any RowPartitionedKernel)? in
            pool.threadCount > 1 ? kernel as? any RowPartitionedKernel : nil
        }
        storage = try BoundArena(
            graph: graph, steps: steps, slices: slices, kernels: kernels, partitioned: partitioned,
            threadCount: pool.threadCount, overlapsConvolutions: options.rewritesSchedule)
        self.steps = steps
        self.kernels = kernels
        self.partitioned = partitioned
        self.pool = pool
        rowWork = RowWork(kernels: partitioned, bindings: storage.bindings)
        self.slices = slices
        memory = storage.memory
    }

    /// Every buffer of the arena plan: owner, offset, size and the steps it lives for.
    public var arenaPlan: [PlannedBuffer] { storage.plannedBuffers }

    /// The number of kernel invocations per run (after fusion).
    public var stepCount: Int { steps.count }

    /// Runs the graph on the bytes currently in the input tensor. The run may
    /// overwrite them (a convolution that one thread runs writes its output
    /// over input rows it has read): fill the input before every run.
    public func run() {
        for index in kernels.indices { runStep(index) }
    }

    private func runStep(_ index: Int) {
        guard let kernel = partitioned[index] else {
            kernels[index].run(storage.bindings[index][0])
            return
        }
        pool.forEachPart(of: kernel.rowCount, task: index, in: rowWork)
    }

    /// Threads that share the work of each large kernel.
    public var threadCount: Int { pool.threadCount }

    /// Runs the graph and hands every tensor it materializes to `observe`, as
    /// soon as it is written (for comparisons with a reference runtime; this
    /// path allocates). A tensor stored requantized into a concatenation's
    /// output is not its own values and is left out.
    public func run(observing observe: (_ tensor: Int, _ bytes: [UInt8]) -> Void) {
        for index in kernels.indices {
            runStep(index)
            for tensor in steps[index].outputs where slices[tensor]?.isRequantized != true {
                observe(tensor, contents(of: tensor))
            }
        }
    }

    /// Runs the graph and adds each step's duration, in nanoseconds, to
    /// `nanoseconds` (one entry per step; see `schedule`).
    public func run(profilingInto nanoseconds: inout [UInt64]) {
        precondition(nanoseconds.count == kernels.count, "one profile entry per step")
        let clock = ContinuousClock()
        for index in kernels.indices {
            let start = clock.now
            runStep(index)
            let elapsed = start.duration(to: clock.now).components
            nanoseconds[index] += UInt64(elapsed.seconds) * 1_000_000_000 + UInt64(elapsed.attoseconds / 1_000_000_000)
        }
    }

    /// Gives `body` the input tensor's bytes to fill (before every run: a run
    /// may overwrite them).
    public func withInput<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeMutableRawBufferPointer(start: storage.addresses[inputIndex], count: inputByteCount))
    }

    /// Gives `body` the int8 input tensor to fill.
    public func withInt8Input<R>(_ body: (UnsafeMutableBufferPointer<Int8>) throws -> R) rethrows -> R {
        precondition(graph.tensors[inputIndex].type == .int8, "the model input is not int8")
        return try withInput { try body($0.bindMemory(to: Int8.self)) }
    }

    /// Copies `values` into the int8 input tensor (they must fill it exactly).
    public func setInput(_ values: [Int8]) {
        withInt8Input { input in
            precondition(values.count == input.count, "input needs \(input.count) values, got \(values.count)")
            _ = input.update(fromContentsOf: values)
        }
    }

    /// Lends `body` the int8 graph output `position` after `run()`, as a span: the compiler
    /// keeps it from outliving the call, so no pointer into the arena leaves the engine.
    public func withInt8Output<Result, Failure: Error>(
        _ position: Int = 0, _ body: (Span<Int8>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let tensor = outputIndices[position]
        precondition(graph.tensors[tensor].type == .int8, "the model output is not int8")
        let bytes = UnsafeRawBufferPointer(start: storage.addresses[tensor], count: graph.tensors[tensor].byteCount)
        return try body(Span(_unsafeElements: bytes.bindMemory(to: Int8.self)))
    }

    /// A copy of a tensor's current bytes (empty if the tensor has no storage
    /// because it was fused away). A tensor written in place into a slice of
    /// another is gathered from it.
    public func contents(of tensor: Int) -> [UInt8] {
        if let slice = slices[tensor], let base = storage.addresses[slice.base] { return slice.gather(from: base) }
        guard let address = storage.addresses[tensor] else { return [] }
        return Array(UnsafeRawBufferPointer(start: address, count: graph.tensors[tensor].byteCount))
    }

    /// The nodes of each step with what they were fused with, for `inspect`.
    public var schedule: [(node: Int, fused: [Int])] { steps.map { ($0.node, $0.fusedNodes) } }
}

/// The row-partitioned steps, as work the pool's threads can pick up.
private final class RowWork: PartitionedWork, @unchecked Sendable {
    let kernels: [(any RowPartitionedKernel)?]
    let bindings: [[KernelIO]]

    init(kernels: [(any RowPartitionedKernel)?], bindings: [[KernelIO]]) {
        self.kernels = kernels
        self.bindings = bindings
    }

    func run(task: Int, part: Int, rows: Range<Int>) {
        kernels[task]?.run(bindings[task][part], rows: rows)
    }
}
