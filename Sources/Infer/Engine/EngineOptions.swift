/// How the engine prepares a graph.
public struct EngineOptions: Sendable, Equatable {
    /// Fold int8 elementwise chains (SiLU) into the convolution epilogue and
    /// PADs into the convolution, and write concatenation inputs in place.
    /// Off only to compare every intermediate tensor with a reference runtime.
    public var fuseElementwise: Bool
    /// Threads that share each large kernel (the caller's thread included).
    public var threads: Int

    public init(fuseElementwise: Bool = true, threads: Int = 1) {
        self.fuseElementwise = fuseElementwise
        self.threads = max(1, threads)
    }
}
