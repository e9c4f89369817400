import Infer

/// Why a float graph could not be quantized; names the node or tensor at fault.
public struct QuantizerError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    static func node(_ index: Int, _ node: Node, _ reason: String) -> QuantizerError {
        QuantizerError("node \(index) (\(node.op.name)): \(reason)")
    }

    public var description: String { message }
}
