import Infer

/// The converted graph runs in integers only: every tensor is int8, or an
/// int32 constant (biases, shape operands). The engine's kernels for int8
/// tensors compute in integers, so no float value exists at run time; the
/// only float work left is the head's box arithmetic on candidates.
public enum IntegerOnlyCheck {
    public static func verify(_ graph: Graph) throws(QuantizerError) {
        for tensor in graph.tensors {
            let allowed: Set<ElementType> = tensor.isConstant ? [.int8, .int32] : [.int8]
            guard allowed.contains(tensor.type) else {
                throw QuantizerError("tensor '\(tensor.name)' is \(tensor.type.rawValue): the graph is not integer-only")
            }
        }
    }
}
