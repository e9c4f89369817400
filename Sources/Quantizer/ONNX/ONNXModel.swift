import Infer

/// An ONNX model as read from its protobuf file: only the parts the
/// converter uses (see `ONNXModel+Decoding.swift` for the field numbers).
public struct ONNXModel: Sendable {
    public var irVersion: Int64
    /// The version of the default operator set (domain "" or "ai.onnx").
    public var opsetVersion: Int64
    public var producer: String
    public var graph: ONNXGraph
    /// `metadata_props`, key → value (Ultralytics stores names, stride, imgsz here).
    public var metadata: [String: String]
}

public struct ONNXGraph: Sendable {
    public var name: String
    /// Nodes in the file's (topological) order.
    public var nodes: [ONNXNode]
    public var initializers: [ONNXTensor]
    public var inputs: [ONNXValueInfo]
    public var outputs: [ONNXValueInfo]
}

public struct ONNXNode: Sendable {
    public var name: String
    public var opType: String
    public var domain: String
    /// Value names; an empty name is an absent optional input.
    public var inputs: [String]
    public var outputs: [String]
    public var attributes: [String: ONNXAttribute]
}

public enum ONNXAttribute: Sendable, Equatable {
    case float(Float)
    case int(Int64)
    case string(String)
    case tensor(ONNXTensor)
    case floats([Float])
    case ints([Int64])
    case strings([String])
    /// Graphs, sparse tensors and type protos: kept only to name them in errors.
    case unsupported(type: Int)
}

/// A graph input or output: its name and (possibly symbolic) shape.
public struct ONNXValueInfo: Sendable, Equatable {
    public enum Dimension: Sendable, Equatable {
        case fixed(Int)
        /// A named dynamic dimension such as "batch" or "height".
        case symbolic(String)
    }

    public var name: String
    public var elementType: ONNXDataType?
    /// `nil` when the file gives no shape.
    public var shape: [Dimension]?
}

/// ONNX `TensorProto.DataType` values this reader understands.
public enum ONNXDataType: Int, Sendable, Equatable {
    case float = 1, uint8 = 2, int8 = 3, int16 = 5, int32 = 6, int64 = 7, bool = 9, double = 11

    public var byteWidth: Int {
        switch self {
        case .uint8, .int8, .bool: 1
        case .int16: 2
        case .float, .int32: 4
        case .int64, .double: 8
        }
    }
}

/// A constant tensor: initializer, `Constant` value or attribute.
public struct ONNXTensor: Sendable, Equatable {
    public var name: String
    public var dataType: ONNXDataType
    public var shape: [Int]
    /// Little-endian, row-major; always `elementCount * dataType.byteWidth` bytes.
    public var data: [UInt8]

    public var elementCount: Int { shape.reduce(1, *) }
}
