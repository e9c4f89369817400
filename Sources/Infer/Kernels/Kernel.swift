/// The tensor addresses one kernel invocation reads and writes; bound once at load.
public struct KernelIO {
    /// In `node.inputs` order; `nil` for an absent optional input.
    public var inputs: UnsafeBufferPointer<UnsafeRawPointer?>
    public var outputs: UnsafeBufferPointer<UnsafeMutableRawPointer>
    /// `scratchByteCount` bytes, 64-byte aligned.
    public var scratch: UnsafeMutableRawPointer?

    public init(
        inputs: UnsafeBufferPointer<UnsafeRawPointer?>,
        outputs: UnsafeBufferPointer<UnsafeMutableRawPointer>,
        scratch: UnsafeMutableRawPointer?
    ) {
        self.inputs = inputs
        self.outputs = outputs
        self.scratch = scratch
    }
}

/// A prepared node: all constants packed at load; `run` makes no heap allocation.
public protocol Kernel {
    var scratchByteCount: Int { get }
    func run(_ io: KernelIO)
    /// Whether `run` reads input `position` through `KernelIO`. A kernel that
    /// packed or copied a constant operand at load answers false for it, so
    /// the engine keeps no copy of that constant.
    func readsInputAtRunTime(_ position: Int) -> Bool
    /// Bytes the kernel holds in place of the graph's constant operands
    /// (packed filters, folded biases, copied operands).
    var constantByteCount: Int { get }
}

extension Kernel {
    public func readsInputAtRunTime(_ position: Int) -> Bool { true }
    public var constantByteCount: Int { 0 }
}

/// A kernel whose output splits into independent rows, so a thread pool can
/// share one invocation. Each concurrent caller needs its own scratch of
/// `scratchByteCount` bytes.
public protocol RowPartitionedKernel: Kernel {
    /// Rows of the output (batches × output height for convolutions).
    var rowCount: Int { get }
    func run(_ io: KernelIO, rows: Range<Int>)
}

extension RowPartitionedKernel {
    /// The whole output on the caller's thread.
    public func run(_ io: KernelIO) {
        run(io, rows: 0..<rowCount)
    }
}

extension KernelIO {
    /// The required input `index`; the engine binds every non-optional input.
    func input(_ index: Int) -> UnsafeRawPointer {
        inputs[index]!
    }

    func int8Input(_ index: Int) -> UnsafePointer<Int8> {
        input(index).assumingMemoryBound(to: Int8.self)
    }

    func int8Output(_ index: Int = 0) -> UnsafeMutablePointer<Int8> {
        outputs[index].assumingMemoryBound(to: Int8.self)
    }
}
