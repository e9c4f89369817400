import FoundationEssentials
import Infer

// Field numbers are those of onnx.proto (IR version 3 and later); fields not
// listed are skipped.
// ModelProto: ir_version 1, producer_name 2, graph 7, opset_import 8
// (OperatorSetIdProto: domain 1, version 2), metadata_props 14 (key 1, value 2).
// GraphProto: node 1, name 2, initializer 5, input 11, output 12, sparse_initializer 15.

extension ONNXModel {
    /// Reads an `.onnx` file.
    public init(contentsOf url: URL) throws(ONNXError) {
        let bytes: [UInt8]
        do {
            bytes = try RegularFile.read(url.path, limit: ModelLimits.maxFileBytes)
        } catch {
            throw .unreadableFile(path: url.path, reason: error.reason)
        }
        try self.init(bytes: bytes)
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
