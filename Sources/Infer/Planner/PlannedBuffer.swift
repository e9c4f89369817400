/// One buffer of an engine's arena plan: whose it is, where it lives and for which steps.
public struct PlannedBuffer: Sendable, Equatable {
    public enum Owner: Sendable, Equatable {
        /// A tensor's own buffer (holding, too, the tensors written in place into it).
        case tensor(Int)
        /// A step's kernel scratch (one slice per thread when its rows are split).
        case scratch(step: Int)
    }

    public var owner: Owner
    public var offset: Int
    public var size: Int
    /// The first and last step, inclusive, that read or write it.
    public var firstStep: Int
    public var lastStep: Int

    public func isAlive(at step: Int) -> Bool { (firstStep...lastStep).contains(step) }
}
