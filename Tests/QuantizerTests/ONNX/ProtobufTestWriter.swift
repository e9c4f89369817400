/// Encodes protobuf messages for tests: ONNX models built field by field,
/// with the field numbers of onnx.proto.
struct ProtobufTestWriter {
    private(set) var bytes: [UInt8] = []

    mutating func varint(_ field: Int, _ value: UInt64) {
        key(field, wireType: 0)
        appendVarint(value)
    }

    mutating func int(_ field: Int, _ value: Int64) { varint(field, UInt64(bitPattern: value)) }

    mutating func fixed32(_ field: Int, _ value: UInt32) {
        key(field, wireType: 5)
        for index in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(8 * index))) }
    }

    mutating func bytes(_ field: Int, _ payload: [UInt8]) {
        key(field, wireType: 2)
        appendVarint(UInt64(payload.count))
        bytes.append(contentsOf: payload)
    }

    mutating func string(_ field: Int, _ value: String) { bytes(field, Array(value.utf8)) }

    mutating func message(_ field: Int, _ build: (inout ProtobufTestWriter) -> Void) {
        var nested = ProtobufTestWriter()
        build(&nested)
        bytes(field, nested.bytes)
    }

    /// Packed repeated varints.
    mutating func packed(_ field: Int, _ values: [Int64]) {
        var payload = ProtobufTestWriter()
        for value in values { payload.appendVarint(UInt64(bitPattern: value)) }
        bytes(field, payload.bytes)
    }

    private mutating func key(_ field: Int, wireType: UInt64) { appendVarint(UInt64(field) << 3 | wireType) }

    private mutating func appendVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }
}

/// Small ONNX models for reader and converter tests.
enum TestONNXModels {
    struct NodeSpec {
        var op: String
        var name: String
        var inputs: [String]
        var outputs: [String]
        var attributes: [(inout ProtobufTestWriter) -> Void] = []
    }

    /// A float32 TensorProto (raw_data), field numbers of onnx.proto.
    static func tensor(_ name: String, shape: [Int64], values: [Float]) -> (inout ProtobufTestWriter) -> Void {
        { writer in
            writer.packed(1, shape)
            writer.int(2, 1)
            writer.string(8, name)
            writer.bytes(9, values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern >> UInt32(8 * $0)) } })
        }
    }

    /// An int64 TensorProto with int64_data (not raw_data), as exporters write small shapes.
    static func int64Tensor(_ name: String, shape: [Int64], values: [Int64]) -> (inout ProtobufTestWriter) -> Void {
        { writer in
            writer.packed(1, shape)
            writer.int(2, 7)
            writer.packed(7, values)
            writer.string(8, name)
        }
    }

    /// A `Constant` node's `value` attribute.
    static func tensorAttribute(_ tensor: @escaping (inout ProtobufTestWriter) -> Void) -> (inout ProtobufTestWriter) -> Void {
        { writer in
            writer.string(1, "value")
            writer.int(20, 4)
            writer.message(5, tensor)
        }
    }

    static func intsAttribute(_ name: String, _ values: [Int64]) -> (inout ProtobufTestWriter) -> Void {
        { writer in
            writer.string(1, name)
            writer.int(20, 7)
            writer.packed(8, values)
        }
    }

    static func intAttribute(_ name: String, _ value: Int64) -> (inout ProtobufTestWriter) -> Void {
        { writer in
            writer.string(1, name)
            writer.int(20, 2)
            writer.int(3, value)
        }
    }

    /// A model with one float input `x` of `inputShape` (NCHW), the given
    /// initializers and nodes, and output `y`.
    static func model(
        inputShape: [Int64], symbolicAxes: [Int: String] = [:], initializers: [(inout ProtobufTestWriter) -> Void] = [], nodes: [NodeSpec],
        metadata: [String: String] = [:]
    ) -> [UInt8] {
        var writer = ProtobufTestWriter()
        writer.int(1, 8)  // ir_version
        writer.string(2, "yolo-edge tests")
        writer.message(8) { opset in
            opset.string(1, "")
            opset.int(2, 17)
        }
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            writer.message(14) { entry in
                entry.string(1, key)
                entry.string(2, value)
            }
        }
        writer.message(7) { graph in
            graph.string(2, "test")
            for node in nodes {
                graph.message(1) { proto in
                    for input in node.inputs { proto.string(1, input) }
                    for output in node.outputs { proto.string(2, output) }
                    proto.string(3, node.name)
                    proto.string(4, node.op)
                    for attribute in node.attributes { proto.message(5, attribute) }
                }
            }
            for initializer in initializers { graph.message(5, initializer) }
            graph.message(11) { info in valueInfo(&info, name: "x", shape: inputShape, symbolic: symbolicAxes) }
            graph.message(12) { info in info.string(1, "y") }
        }
        return writer.bytes
    }

    private static func valueInfo(
        _ info: inout ProtobufTestWriter, name: String, shape: [Int64], symbolic: [Int: String]
    ) {
        info.string(1, name)
        info.message(2) { type in
            type.message(1) { tensorType in
                tensorType.int(1, 1)
                tensorType.message(2) { shapeProto in
                    for (axis, dimension) in shape.enumerated() {
                        shapeProto.message(1) { proto in
                            if let name = symbolic[axis] { proto.string(2, name) } else { proto.int(1, dimension) }
                        }
                    }
                }
            }
        }
    }
}
