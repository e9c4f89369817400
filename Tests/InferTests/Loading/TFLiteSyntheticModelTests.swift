import Testing

@testable import Infer

/// One defect at a time in a hand-assembled model: each must give an error
/// that names what is wrong and where.
struct TFLiteSyntheticModelTests {
    private func load(_ model: SyntheticTFLiteModel) throws(ModelLoadError) -> Graph {
        try TFLiteModelReader.read(model.bytes())
    }

    private func expectError(
        _ model: SyntheticTFLiteModel, _ kind: ModelLoadError.Kind, _ message: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            _ = try load(model)
            Issue.record(
                "loaded, expected \(kind) error containing \"\(message)\"", sourceLocation: sourceLocation)
        } catch {
            #expect(error.kind == kind, sourceLocation: sourceLocation)
            #expect(error.message.contains(message), "\(error.message)", sourceLocation: sourceLocation)
        }
    }

    @Test func validModelDecodesOperatorsOptionsAndQuantization() throws {
        let graph = try load(SyntheticTFLiteModel())
        #expect(
            graph.nodes.map(\.op) == [
                .conv2D(
                    Conv2DOptions(
                        padding: .valid, strideH: 1, strideW: 2, dilationH: 3, dilationW: 1,
                        activation: .relu6)),
                .logistic, .mul(.relu), .quantize,
            ])
        #expect(graph.nodes[0].inputs == [0, 1, 2] && graph.nodes[2].inputs == [3, 4])
        #expect(graph.inputs == [0] && graph.outputs == [6])
        let filter = graph.tensors[1]
        #expect(filter.name == "filter" && filter.type == .int8 && filter.shape == [3, 1, 1, 2])
        #expect(filter.data == [1, 2, 3, 4, 5, 6])
        #expect(
            filter.quantization == Quantization(scales: [0.25, 0.5, 0.125], zeroPoints: [0, 0, 0], axis: 0))
        #expect(
            graph.tensors[2].type == .int32
                && graph.tensors[2].integerValues() == [0x0707_0707, 0x0707_0707, 0x0707_0707])
        #expect(graph.tensors[0].quantization == Quantization(scale: 0.5, zeroPoint: -3))
        #expect(graph.tensors[3].data == nil)
        #expect(graph.metadata == ModelMetadata())
    }

    @Test func builtinCodeIsTheLargerOfTheDeprecatedAndTheExtendedField() throws {
        var model = SyntheticTFLiteModel()
        // A writer that fills both fields; and one that fills only the extended field.
        model.operatorCodes[0] = FlatTableValue([0: .int8(3), 3: .int32(3)])
        model.operatorCodes[1] = FlatTableValue([3: .int32(14)])
        #expect(try load(model).nodes.map(\.op.name) == ["CONV_2D", "LOGISTIC", "MUL", "QUANTIZE"])
    }

    @Test func unsupportedOperatorsAreNamed() {
        var model = SyntheticTFLiteModel()
        model.operatorCodes[1] = SyntheticTFLiteModel.opcode(deprecated: 4)
        expectError(model, .unsupported, "operator 1 (DEPTHWISE_CONV_2D): not supported")
        model.operatorCodes[1] = FlatTableValue([0: .int8(127), 3: .int32(150)])
        expectError(model, .unsupported, "operator 1 (GELU): not supported")
        model.operatorCodes[1] = FlatTableValue([0: .int8(32), 1: .string("TFLite_Detection_PostProcess")])
        expectError(model, .unsupported, "operator 1 (CUSTOM 'TFLite_Detection_PostProcess')")
        model.operatorCodes[1] = FlatTableValue([0: .int8(127), 3: .int32(9999)])
        expectError(model, .unsupported, "operator 1 (builtin operator 9999)")
    }

    @Test func operandIndicesAreChecked() {
        var model = SyntheticTFLiteModel()
        model.operators[0].fields[1] = .int32s([0, 900, 2])
        expectError(
            model, .malformed,
            "operator 0 (CONV_2D): input 1: tensor index 900 out of range (model has 7 tensors)")
        model = SyntheticTFLiteModel()
        model.operators[0].fields[0] = .uint32(14)
        expectError(
            model, .malformed, "operator 0: opcode index 14 out of range (model has 4 operator codes)")
        model = SyntheticTFLiteModel()
        model.operators.swapAt(1, 2)
        expectError(
            model, .malformed, "operator 1 (MUL): input 1: tensor 4 'sigmoid' is used before it is computed")
        model = SyntheticTFLiteModel()
        model.operators[1].fields[2] = .int32s([3])
        expectError(
            model, .malformed,
            "operator 1 (LOGISTIC): output 0: tensor 3 'conv' is a constant, a graph input or already computed"
        )
        model = SyntheticTFLiteModel()
        model.operators[1].fields[1] = .int32s([3, 3])
        expectError(model, .malformed, "operator 1 (LOGISTIC): has 2 inputs, needs 1...1")
        model = SyntheticTFLiteModel()
        model.outputs = [7]
        expectError(model, .malformed, "graph output 0: tensor index 7 out of range")
    }

    @Test func constantDataMustMatchTheShape() {
        var model = SyntheticTFLiteModel()
        model.buffers[1] = FlatTableValue([0: .bytes([1, 2, 3, 4, 5])])
        expectError(
            model, .malformed, "tensor 1 'filter': buffer 1 has 5 bytes, shape [3, 1, 1, 2] int8 needs 6")
        model = SyntheticTFLiteModel()
        model.tensors[1].fields[2] = .uint32(3)
        expectError(model, .malformed, "tensor 1 'filter': buffer index 3 out of range (model has 3 buffers)")
    }

    @Test func tensorsMayShareABuffer() throws {
        var model = SyntheticTFLiteModel()
        model.tensors.append(
            SyntheticTFLiteModel.tensor(
                "filter alias", shape: [6], type: 9, buffer: 1, scales: [0.5], zeroPoints: [0]))
        let graph = try load(model)
        #expect(graph.tensors[7].data == [1, 2, 3, 4, 5, 6])
        #expect(graph.tensors[7].data == graph.tensors[1].data)
    }

    @Test func buffersStoredAfterTheFlatbufferAreRead() throws {
        var model = SyntheticTFLiteModel()
        let weights: [UInt8] = [9, 8, 7, 6, 5, 4]
        model.buffers[1] = FlatTableValue([1: .uint64(0), 2: .uint64(6)])
        let flatbufferSize = model.bytes().count
        model.buffers[1] = FlatTableValue([1: .uint64(UInt64(flatbufferSize)), 2: .uint64(6)])
        model.trailer = weights
        #expect(try load(model).tensors[1].data == weights)
        model.buffers[1] = FlatTableValue([1: .uint64(UInt64(flatbufferSize + 1)), 2: .uint64(6)])
        expectError(model, .malformed, "buffer 1 data at offset \(flatbufferSize + 1) needs 6 bytes")
        model.buffers[1] = FlatTableValue([1: .uint64(UInt64.max), 2: .uint64(6)])
        expectError(model, .malformed, "buffer 1 offset \(UInt64.max)")
    }

    @Test func optionsAreDecodedAndChecked() throws {
        var model = SyntheticTFLiteModel()
        model.operators[0].fields[3] = .uint8(5)
        expectError(model, .malformed, "operator 0 (CONV_2D): builtin options of type 5, expected 1")
        model = SyntheticTFLiteModel()
        model.operators[0].fields[4] = .table(FlatTableValue([1: .int32(0), 2: .int32(1)]))
        expectError(model, .malformed, "operator 0 (CONV_2D): stride_w is 0, must be at least 1")
        model.operators[0].fields[4] = .table(FlatTableValue([0: .int8(2), 1: .int32(1), 2: .int32(1)]))
        expectError(model, .malformed, "padding 2 is neither SAME (0) nor VALID (1)")
        model.operators[0].fields[4] = .table(FlatTableValue([1: .int32(1), 2: .int32(1), 3: .int8(4)]))
        expectError(model, .unsupported, "operator 0 (CONV_2D): fused activation TANH is not supported")

        // MUL → CONCATENATION along axis -1: normalized against the output rank.
        model = SyntheticTFLiteModel()
        model.operatorCodes[2] = SyntheticTFLiteModel.opcode(deprecated: 2)
        model.operators[2].fields[3] = .uint8(10)
        model.operators[2].fields[4] = .table(FlatTableValue([0: .int32(-1)]))
        #expect(try load(model).nodes[2].op == .concatenation(axis: 3, activation: .none))
        model.operators[2].fields[4] = .table(FlatTableValue([0: .int32(4)]))
        expectError(model, .malformed, "operator 2 (CONCATENATION): axis 4 out of range for rank 4")
    }

    @Test func tensorDefectsAreNamed() {
        var model = SyntheticTFLiteModel()
        model.tensors[4].fields[1] = .int8(5)
        expectError(model, .unsupported, "tensor 4 'sigmoid': element type STRING is not supported")
        model = SyntheticTFLiteModel()
        model.tensors[3].fields[0] = .int32s([1, 4, 0, 3])
        expectError(model, .malformed, "tensor 3 'conv': dimension 2 of shape [1, 4, 0, 3] is 0")
        model.tensors[3].fields[0] = .int32s([1 << 30, 1 << 30, 4, 3])
        expectError(
            model, .unsupported, "exceeds the limit of \(ModelLimits.maxTensorBytes) bytes per tensor")
        model = SyntheticTFLiteModel()
        model.tensors[1] = SyntheticTFLiteModel.tensor(
            "filter", shape: [3, 1, 1, 2], type: 9, buffer: 1, scales: [0.25, 0.5], zeroPoints: [0, 0])
        expectError(
            model, .malformed,
            "tensor 1 'filter': 2 quantization scales do not match axis 0 of shape [3, 1, 1, 2]")
        model = SyntheticTFLiteModel()
        model.tensors[5] = SyntheticTFLiteModel.tensor(
            "silu", shape: [1, 4, 4, 3], type: 9, scales: [0], zeroPoints: [0])
        expectError(
            model, .malformed, "tensor 5 'silu': quantization scale 0 is 0.0, must be finite and positive")
        model.tensors[5] = SyntheticTFLiteModel.tensor(
            "silu", shape: [1, 4, 4, 3], type: 9, scales: [0.5], zeroPoints: [300])
        expectError(model, .malformed, "tensor 5 'silu': zero point 300 outside -128...127 for int8")
    }

    @Test func repeatedStructureCannotExpandWithoutBound() {
        let longName = String(repeating: "n", count: 4_096)
        // 60,000 tensors sharing one table: 240 MB of names from a 250 kB file.
        let subgraph = FlatTableValue([
            0: .sharedTable(
                SyntheticTFLiteModel.tensor(longName, shape: [1], type: 9, scales: [1], zeroPoints: [0]),
                count: 60_000),
            1: .int32s([0]), 2: .int32s([0]),
        ])
        let bytes = FlatBufferTestBuilder.build(
            root: FlatTableValue([0: .uint32(3), 2: .tables([subgraph]), 4: .tables([FlatTableValue()])]))
        do {
            _ = try TFLiteModelReader.read(bytes)
            Issue.record("a model of 60,000 shared tensors loaded")
        } catch {
            #expect(error.message.contains("exceeds 4x the file size"), "\(error.message)")
        }
    }

    @Test func operandShapesThatKernelsRelyOnAreChecked() {
        var model = SyntheticTFLiteModel()
        model.tensors[0].fields[0] = .int32s([1, 4, 4, 3])
        expectError(model, .malformed, "operator 0 (CONV_2D): input has 3 channels, filter expects 2")
        model.tensors[0].fields[0] = .int32s([1, 4, 4, 4])
        expectError(model, .unsupported, "operator 0 (CONV_2D): grouped convolution (4 channels, filter 2)")
        model = SyntheticTFLiteModel()
        model.tensors[3].fields[0] = .int32s([1, 4, 4, 5])
        expectError(model, .malformed, "operator 0 (CONV_2D): output has 5 channels, filter makes 3")
        model = SyntheticTFLiteModel()
        model.tensors[2] = SyntheticTFLiteModel.tensor(
            "bias", shape: [1, 3], type: 2, buffer: 2, scales: [0.125], zeroPoints: [0])
        expectError(model, .malformed, "operator 0 (CONV_2D): bias [1, 3] must be a constant of 3 values")
        model = SyntheticTFLiteModel()
        model.tensors[4].fields[0] = .int32s([1, 4, 4, 2])
        expectError(model, .malformed, "operator 1 (LOGISTIC): input has 48 elements, output 32")
    }

    @Test func constantParameterOperandsAreChecked() throws {
        // QUANTIZE → TRANSPOSE with a constant permutation (tensor 7, buffer 3).
        func transposing(_ permutation: [Int32]) -> SyntheticTFLiteModel {
            var model = SyntheticTFLiteModel()
            model.operatorCodes[3] = SyntheticTFLiteModel.opcode(deprecated: 39)
            model.operators[3].fields[1] = .int32s([5, 7])
            model.tensors.append(
                SyntheticTFLiteModel.tensor(
                    "perm", shape: [Int32(permutation.count)], type: 2, buffer: 3, scales: [], zeroPoints: [])
            )
            model.buffers.append(
                FlatTableValue([
                    0: .bytes(
                        permutation.flatMap { value in
                            (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
                        })
                ]))
            return model
        }
        #expect(throws: Never.self) { try load(transposing([0, 2, 1, 3])) }
        expectError(
            transposing([0, 1, 1, 3]), .malformed,
            "operator 3 (TRANSPOSE): [0, 1, 1, 3] is not a permutation of rank 4")
        expectError(transposing([0, 1, 2]), .malformed, "is not a permutation of rank 4")
    }

    @Test func modelLevelDefectsAreNamed() {
        var model = SyntheticTFLiteModel()
        model.version = 2
        expectError(model, .unsupported, "TFLite schema version 2")
        let noSubgraphs = FlatBufferTestBuilder.build(root: FlatTableValue([0: .uint32(3)]))
        #expect(throws: ModelLoadError(.malformed, "model has no subgraphs")) {
            try TFLiteModelReader.read(noSubgraphs)
        }
        let notTFLite = FlatBufferTestBuilder.build(root: FlatTableValue([0: .uint32(3)]), identifier: "ABCD")
        #expect(throws: ModelLoadError.self) { try TFLiteModelReader.read(notTFLite) }
    }
}
