/// Why a graph could not be prepared for execution.
public enum EngineError: Error, CustomStringConvertible, Equatable {
    /// The graph's shape is not one the engine runs (for example, two inputs).
    case unsupportedGraph(String)
    /// A kernel rejected its node.
    case kernel(String)

    public var description: String {
        switch self {
        case .unsupportedGraph(let why): "unsupported model: \(why)"
        case .kernel(let why): "cannot prepare kernel: \(why)"
        }
    }
}
