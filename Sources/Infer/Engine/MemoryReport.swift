/// The memory an engine uses, fixed at load.
public struct MemoryReport: Sendable, Equatable, Codable {
    /// Bytes of the one arena that holds every intermediate tensor and scratch.
    public var arenaBytes: Int
    /// Bytes if every planned buffer had its own allocation.
    public var sumOfBufferBytes: Int
    /// The most bytes alive in any one step: no plan can beat it.
    public var livenessLowerBound: Int
    /// Bytes of constant data the engine holds: what the kernels keep in
    /// place of the model's constants (packed filters, folded biases, copied
    /// operands) plus `constantPoolBytes`.
    public var constantBytes: Int
    /// Bytes of the pool of constants that kernels read at run time as they
    /// are in the model (0 when every constant was packed or copied).
    public var constantPoolBytes: Int
}
