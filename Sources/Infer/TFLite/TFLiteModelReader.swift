/// Reads a TFLite model (FlatBuffers, schema version 3) into the engine's
/// `Graph`: subgraph 0 only, the operators of `Operator`, and Ultralytics'
/// class names when the exporter appended them.
public enum TFLiteModelReader {
    /// Whether `bytes` carries TFLite's file identifier "TFL3" at offset 4.
    public static func recognizes(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 8 && Array(bytes[4..<8]) == TFLiteSchema.fileIdentifier
    }

    public static func read(_ bytes: [UInt8]) throws(ModelLoadError) -> Graph {
        guard recognizes(bytes) else {
            throw .malformed("no TFLite file identifier \"TFL3\" at offset 4")
        }
        typealias Field = TFLiteSchema.Model
        let file = FlatBuffer(bytes)
        let model = try file.rootTable("model")
        let version = try model.scalar(Field.version, default: UInt32(0))
        guard version == TFLiteSchema.version else {
            throw .unsupported("TFLite schema version \(version); the engine reads version 3")
        }
        let codes = try withContext("operator codes") { () throws(ModelLoadError) in
            try operatorCodes(model)
        }
        guard let subgraphs = try model.vector(Field.subgraphs, elementWidth: 4, "subgraphs"),
            subgraphs.count > 0
        else {
            throw .malformed("model has no subgraphs")
        }
        let buffers = try model.vector(Field.buffers, elementWidth: 4, "buffers")
        var graph = try readSubgraph(
            subgraphs.table(0, "subgraph 0"), file: file, buffers: buffers, codes: codes)
        graph.metadata = UltralyticsMetadata.read(from: bytes)
        try GraphValidator.validate(graph)
        return graph
    }

    private typealias OperatorCode = TFLiteOperatorReader.Code

    private static func operatorCodes(_ model: FlatTable) throws(ModelLoadError) -> [OperatorCode] {
        typealias Field = TFLiteSchema.OperatorCode
        guard
            let vector = try model.vector(TFLiteSchema.Model.operatorCodes, elementWidth: 4, "operator codes")
        else { return [] }
        var codes: [OperatorCode] = []
        for index in 0..<vector.count {
            let table = try vector.table(index, "operator code \(index)")
            // Schema 3a added a 32-bit code field; older writers fill only the
            // 8-bit one, newer ones both, with 127 in the 8-bit one for codes
            // that do not fit. TFLite takes the larger of the two; we also let
            // 127 defer to the wide field outright.
            let deprecated = Int32(try table.scalar(Field.deprecatedBuiltinCode, default: Int8(0)))
            let wide = try table.scalar(Field.builtinCode, default: Int32(0))
            let builtin =
                deprecated == TFLiteSchema.placeholderForGreaterOpCodes ? wide : max(deprecated, wide)
            let custom =
                builtin == TFLiteSchema.customOpCode
                ? try table.string(Field.customCode, "custom code") ?? "" : nil
            codes.append(.init(builtin: builtin, customName: custom))
        }
        return codes
    }

    private static func readSubgraph(
        _ subgraph: FlatTable, file: FlatBuffer, buffers: FlatVector?,
        codes: [OperatorCode]
    ) throws(ModelLoadError) -> Graph {
        typealias Field = TFLiteSchema.SubGraph
        var tensorReader = TFLiteTensorReader(
            file: file, buffers: buffers, budget: DecodeBudget(fileSize: file.bytes.count))
        var tensors: [Tensor] = []
        if let vector = try subgraph.vector(Field.tensors, elementWidth: 4, "tensors") {
            guard vector.count <= ModelLimits.maxTensors else {
                throw .unsupported("\(vector.count) tensors exceed the limit of \(ModelLimits.maxTensors)")
            }
            for index in 0..<vector.count {
                tensors.append(try tensorReader.tensor(index, in: vector))
            }
        }
        var budget = tensorReader.budget
        let operatorReader = TFLiteOperatorReader(codes: codes, tensors: tensors)
        var nodes: [Node] = []
        if let vector = try subgraph.vector(Field.operators, elementWidth: 4, "operators") {
            guard vector.count <= ModelLimits.maxNodes else {
                throw .unsupported("\(vector.count) operators exceed the limit of \(ModelLimits.maxNodes)")
            }
            for index in 0..<vector.count {
                nodes.append(try operatorReader.node(index, in: vector, budget: &budget))
            }
        }
        let inputs = try subgraph.vector(Field.inputs, elementWidth: 4, "inputs")?.integers(Int32.self) ?? []
        let outputs =
            try subgraph.vector(Field.outputs, elementWidth: 4, "outputs")?.integers(Int32.self) ?? []
        return Graph(
            tensors: tensors, nodes: nodes,
            inputs: inputs.map { Int($0) }, outputs: outputs.map { Int($0) })
    }
}
