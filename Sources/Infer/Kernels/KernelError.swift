/// Why a node cannot be prepared: names the node, its op and the problem.
public struct KernelError: Error, CustomStringConvertible, Equatable {
    public var nodeIndex: Int
    public var op: String
    public var reason: String

    public init(nodeIndex: Int, op: String, reason: String) {
        self.nodeIndex = nodeIndex
        self.op = op
        self.reason = reason
    }

    public var description: String {
        "node \(nodeIndex) (\(op)): \(reason)"
    }
}
