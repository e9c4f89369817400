import Infer

/// Why an ONNX file could not be read or converted. Every case names the
/// part of the model at fault (a node, a tensor, a field path).
public enum ONNXError: Error, Equatable, CustomStringConvertible {
    case unreadableFile(path: String, reason: String)
    /// The protobuf encoding is broken at `context` (e.g. `graph.node[12]`).
    case malformed(context: String, reason: String)
    case invalidTensor(name: String, reason: String)
    /// The tensor's bytes live in a separate file, which this reader does not load.
    case externalData(tensor: String)
    case unsupportedDataType(tensor: String, dataType: Int)
    case unsupportedOperator(node: String, op: String)
    case invalidNode(node: String, op: String, reason: String)
    /// The model as a whole is outside what the converter handles.
    case unsupportedModel(String)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            "cannot read ONNX file \(path): \(reason)"
        case .malformed(let context, let reason):
            "malformed ONNX model at \(context): \(reason)"
        case .invalidTensor(let name, let reason):
            "invalid tensor '\(name)': \(reason)"
        case .externalData(let tensor):
            "tensor '\(tensor)' keeps its data in an external file; re-export the model with the weights inside (onnx.save(..., save_as_external_data=False))"
        case .unsupportedDataType(let tensor, let dataType):
            "tensor '\(tensor)' has ONNX data type \(dataType), which is not supported"
        case .unsupportedOperator(let node, let op):
            "node '\(node)': operator \(op) is not supported"
        case .invalidNode(let node, let op, let reason):
            "node '\(node)' (\(op)): \(reason)"
        case .unsupportedModel(let reason):
            "unsupported ONNX model: \(reason)"
        }
    }
}
