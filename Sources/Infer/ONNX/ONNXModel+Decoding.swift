import Foundation

// Field numbers are those of onnx.proto (IR version 3 and later); fields not
// listed are skipped.

extension ONNXModel {
    /// Reads an `.onnx` file.
    public init(contentsOf url: URL) throws(ONNXError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadableFile(path: url.path, reason: error.localizedDescription)
        }
        try self.init(bytes: [UInt8](data))
    }

    /// Parses the bytes of an `.onnx` file (a serialized `ModelProto`).
    public init(bytes: [UInt8]) throws(ONNXError) {
        let model = try decoding("model") { try ProtobufMessage(bytes: bytes) }
        irVersion = try decoding("model.ir_version") { try model.int64(1) }
        producer = try decoding("model.producer_name") { try model.string(2) }

        var opset: Int64?
        for (index, field) in model.fields(8).enumerated() {
            let context = "model.opset_import[\(index)]"
            let entry = try decoding(context) { try model.message(in: field) }
            let domain = try decoding(context) { try entry.string(1) }
            if domain.isEmpty || domain == "ai.onnx" {
                opset = try decoding(context) { try entry.int64(2) }
            }
        }
        guard let opset else { throw .unsupportedModel("no opset_import for the default ONNX domain") }
        opsetVersion = opset

        var metadata: [String: String] = [:]
        for (index, field) in model.fields(14).enumerated() {
            let context = "model.metadata_props[\(index)]"
            let entry = try decoding(context) { try model.message(in: field) }
            let key = try decoding(context) { try entry.string(1) }
            metadata[key] = try decoding(context) { try entry.string(2) }
        }
        self.metadata = metadata

        guard let graphField = model.last(7) else { throw .unsupportedModel("the file has no graph") }
        let graph = try decoding("model.graph") { try model.message(in: graphField) }
        self.graph = try ONNXGraph(message: graph)
    }
}

extension ONNXGraph {
    init(message: ProtobufMessage) throws(ONNXError) {
        name = try decoding("graph.name") { try message.string(2) }
        guard message.fields(15).isEmpty else {
            throw .unsupportedModel("graph '\(name)' has sparse initializers, which are not supported")
        }
        nodes = []
        for (index, field) in message.fields(1).enumerated() {
            let node = try decoding("graph.node[\(index)]") { try message.message(in: field) }
            nodes.append(try ONNXNode(message: node, index: index))
        }
        initializers = []
        for (index, field) in message.fields(5).enumerated() {
            let context = "graph.initializer[\(index)]"
            let tensor = try decoding(context) { try message.message(in: field) }
            initializers.append(try ONNXTensor(message: tensor, context: context))
        }
        inputs = []
        for (index, field) in message.fields(11).enumerated() {
            let context = "graph.input[\(index)]"
            let info = try decoding(context) { try message.message(in: field) }
            inputs.append(try ONNXValueInfo(message: info, context: context))
        }
        outputs = []
        for (index, field) in message.fields(12).enumerated() {
            let context = "graph.output[\(index)]"
            let info = try decoding(context) { try message.message(in: field) }
            outputs.append(try ONNXValueInfo(message: info, context: context))
        }
    }
}

extension ONNXNode {
    init(message: ProtobufMessage, index: Int) throws(ONNXError) {
        let context = "graph.node[\(index)]"
        let strings = { (number: Int) throws(ONNXError) -> [String] in
            var values: [String] = []
            for field in message.fields(number) {
                values.append(try decoding(context) { try message.string(in: field) })
            }
            return values
        }
        inputs = try strings(1)
        outputs = try strings(2)
        let nodeName = try decoding(context) { try message.string(3) }
        opType = try decoding(context) { try message.string(4) }
        domain = try decoding(context) { try message.string(7) }
        // Nameless nodes are legal; name them by position so errors can point at them.
        name = nodeName.isEmpty ? "#\(index) (\(opType))" : nodeName
        attributes = [:]
        for field in message.fields(5) {
            let attribute = try decoding("\(context) '\(name)'.attribute") {
                try message.message(in: field)
            }
            let (key, value) = try Self.decodeAttribute(attribute, node: name)
            attributes[key] = value
        }
    }

    private static func decodeAttribute(
        _ message: ProtobufMessage, node: String
    ) throws(ONNXError) -> (String, ONNXAttribute) {
        let context = "node '\(node)'.attribute"
        let name = try decoding(context) { try message.string(1) }
        let context2 = "node '\(node)'.attribute '\(name)'"
        let type = try decoding(context2) { try message.int64(20) }
        let value: ONNXAttribute
        switch type {
        case 1:
            let bits = try decoding(context2) { try message.last(2)?.fixed32() ?? 0 }
            value = .float(Float(bitPattern: bits))
        case 2: value = .int(try decoding(context2) { try message.int64(3) })
        case 3: value = .string(try decoding(context2) { try message.string(4) })
        case 4:
            guard let field = message.last(5) else {
                throw .malformed(context: context2, reason: "tensor attribute without a tensor")
            }
            let tensor = try decoding(context2) { try message.message(in: field) }
            value = .tensor(try ONNXTensor(message: tensor, context: context2))
        case 6: value = .floats(try decoding(context2) { try message.floats(7) })
        case 7: value = .ints(try decoding(context2) { try message.int64s(8) })
        case 8:
            var strings: [String] = []
            for field in message.fields(9) {
                strings.append(try decoding(context2) { try message.string(in: field) })
            }
            value = .strings(strings)
        default: value = .unsupported(type: Int(truncatingIfNeeded: type))
        }
        return (name, value)
    }
}

extension ONNXValueInfo {
    init(message: ProtobufMessage, context: String) throws(ONNXError) {
        name = try decoding(context) { try message.string(1) }
        elementType = nil
        shape = nil
        // ValueInfoProto.type (2) → TypeProto.tensor_type (1) → elem_type (1), shape (2).
        guard let typeField = message.last(2) else { return }
        let type = try decoding(context) { try message.message(in: typeField) }
        guard let tensorField = type.last(1) else { return }
        let tensorType = try decoding(context) { try type.message(in: tensorField) }
        let elementCode = try decoding(context) { try tensorType.int64(1) }
        elementType = ONNXDataType(rawValue: Int(truncatingIfNeeded: elementCode))
        guard let shapeField = tensorType.last(2) else { return }
        let shapeMessage = try decoding(context) { try tensorType.message(in: shapeField) }
        var dimensions: [Dimension] = []
        for field in shapeMessage.fields(1) {
            let dimension = try decoding(context) { try shapeMessage.message(in: field) }
            if let value = dimension.last(1) {
                let size = Int64(bitPattern: try decoding(context) { try value.varint() })
                guard size >= 0, size <= Int32.max else {
                    throw .malformed(context: context, reason: "dimension \(size) of '\(name)' is out of range")
                }
                dimensions.append(.fixed(Int(size)))
            } else {
                dimensions.append(.symbolic(try decoding(context) { try dimension.string(2) }))
            }
        }
        shape = dimensions
    }
}

/// Runs a wire-level step and names the model part in its error.
func decoding<T>(_ context: String, _ body: () throws -> T) throws(ONNXError) -> T {
    do {
        return try body()
    } catch let error as ProtobufError {
        throw .malformed(context: context, reason: error.description)
    } catch {
        throw .malformed(context: context, reason: "\(error)")
    }
}
