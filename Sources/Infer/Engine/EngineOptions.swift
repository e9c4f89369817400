/// How the engine prepares a graph.
public struct EngineOptions: Sendable, Equatable {
    /// Fold int8 elementwise chains (SiLU) into the convolution epilogue.
    /// Off only to compare every intermediate tensor with a reference runtime.
    public var fuseElementwise: Bool

    public init(fuseElementwise: Bool = true) {
        self.fuseElementwise = fuseElementwise
    }
}
