/// The memory an engine uses, fixed at load.
public struct MemoryReport: Sendable, Equatable, Codable {
    /// Bytes of the one arena that holds every intermediate tensor and scratch.
    public var arenaBytes: Int
    /// Bytes if every planned buffer had its own allocation.
    public var sumOfBufferBytes: Int
    /// The most bytes alive in any one step: no plan can beat it.
    public var livenessLowerBound: Int
    /// Bytes of constant data (weights, biases, operands) the engine holds.
    public var constantBytes: Int
}
