import Infer

/// Why a graph cannot run in the float reference executor.
public enum FloatExecutionError: Error, Equatable, CustomStringConvertible {
    case unsupportedNode(index: Int, op: String, reason: String)
    case inputSize(expected: Int, actual: Int)

    public var description: String {
        switch self {
        case .unsupportedNode(let index, let op, let reason): "float execution of node \(index) (\(op)): \(reason)"
        case .inputSize(let expected, let actual): "the input needs \(expected) floats, got \(actual)"
        }
    }
}
