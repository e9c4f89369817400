import Infer

/// What is wrong with bytes that should be a protobuf message.
enum ProtobufError: Error, Equatable, CustomStringConvertible {
    case truncated(offset: Int)
    case malformedVarint(offset: Int)
    case invalidFieldNumber(offset: Int)
    case unsupportedWireType(Int, offset: Int)
    case wrongWireType(field: Int)

    var description: String {
        switch self {
        case .truncated(let offset): "data ends early (at byte \(offset))"
        case .malformedVarint(let offset): "malformed varint at byte \(offset)"
        case .invalidFieldNumber(let offset): "invalid field number at byte \(offset)"
        case .unsupportedWireType(let type, let offset): "unsupported wire type \(type) at byte \(offset)"
        case .wrongWireType(let field): "field \(field) has the wrong wire type"
        }
    }
}
