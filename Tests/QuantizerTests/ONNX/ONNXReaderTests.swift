import Foundation
import Testing

@testable import Infer
@testable import Quantizer

@Suite struct ONNXReaderTests {
    /// x (1x2x4x4) → Conv 3x3 pad 1 (2→3 channels) → Sigmoid → y
    static func convModel(op: String = "Sigmoid", weightsShape: [Int64] = [3, 2, 3, 3]) -> [UInt8] {
        let weights = (0..<54).map { Float($0 % 7) * 0.1 - 0.3 }
        return TestONNXModels.model(
            inputShape: [1, 2, 4, 4],
            initializers: [
                TestONNXModels.tensor("w", shape: weightsShape, values: weights),
                TestONNXModels.tensor("b", shape: [3], values: [0.5, -0.25, 1]),
            ],
            nodes: [
                .init(op: "Conv", name: "conv", inputs: ["x", "w", "b"], outputs: ["c"],
                      attributes: [TestONNXModels.intsAttribute("pads", [1, 1, 1, 1]),
                                   TestONNXModels.intsAttribute("kernel_shape", [3, 3])]),
                .init(op: op, name: "act", inputs: ["c"], outputs: ["y"]),
            ],
            metadata: ["names": "{0: 'person', 1: \"bi'cycle\", 2: 'car'}", "description": "tiny"])
    }

    @Test func readsGraphStructureAndMetadata() throws {
        let model = try ONNXModel(bytes: Self.convModel())
        #expect(model.opsetVersion == 17)
        #expect(model.graph.nodes.map(\.opType) == ["Conv", "Sigmoid"])
        #expect(model.graph.nodes[0].inputs == ["x", "w", "b"])
        #expect(model.graph.nodes[0].attributes["pads"] == .ints([1, 1, 1, 1]))
        #expect(model.graph.initializers.map(\.shape) == [[3, 2, 3, 3], [3]])
        #expect(model.graph.initializers[1].floatValues() == [0.5, -0.25, 1])
        #expect(model.graph.inputs[0].shape == [.fixed(1), .fixed(2), .fixed(4), .fixed(4)])
        let graph = try ONNXConverter.convert(model).graph
        #expect(graph.metadata.classNames == ["person", "bi'cycle", "car"])
        #expect(graph.metadata.description == "tiny")
    }

    @Test func convertsToNHWCWithOHWIFilter() throws {
        let graph = try ONNXConverter.convert(try ONNXModel(bytes: Self.convModel())).graph
        #expect(graph.tensors[graph.inputs[0]].shape == [1, 4, 4, 2])
        #expect(graph.nodes.map(\.op.name) == ["CONV_2D", "LOGISTIC", "TRANSPOSE"])
        #expect(graph.tensors[graph.nodes[0].inputs[1]].shape == [3, 3, 3, 2])
        #expect(graph.nodes[0].op == .conv2D(Conv2DOptions(padding: .same)))
        #expect(graph.tensors[graph.outputs[0]].shape == [1, 3, 4, 4])
        #expect(graph.tensors.filter { $0.name == "y" }.count == 1, "tensor names stay unique")
    }

    @Test func unsupportedOperatorNamesTheNode() throws {
        let model = try ONNXModel(bytes: Self.convModel(op: "LeakyRelu"))
        #expect(throws: ONNXError.unsupportedOperator(node: "act", op: "LeakyRelu")) {
            try ONNXConverter.convert(model)
        }
    }

    @Test func inconsistentWeightsNameTheNode() throws {
        let model = try ONNXModel(bytes: Self.convModel(weightsShape: [3, 6, 3, 1]))
        #expect {
            try ONNXConverter.convert(model)
        } throws: { error in
            "\(error)".contains("node 'conv' (Conv)") && "\(error)".contains("input channels")
        }
    }

    @Test func rawDataOfWrongSizeIsRejected() throws {
        // 54 weights declared as 3x2x3x4 = 72.
        #expect {
            try ONNXModel(bytes: Self.convModel(weightsShape: [3, 2, 3, 4]))
        } throws: { error in
            "\(error)".contains("invalid tensor 'w'") && "\(error)".contains("288 bytes")
        }
    }

    @Test func externalDataIsAClearError() throws {
        let external: (inout ProtobufTestWriter) -> Void = { writer in
            writer.packed(1, [2])
            writer.int(2, 1)
            writer.string(8, "weights")
            writer.message(13) { entry in
                entry.string(1, "location")
                entry.string(2, "weights.bin")
            }
            writer.int(14, 1)
        }
        let bytes = TestONNXModels.model(inputShape: [1, 1, 1, 2], initializers: [external], nodes: [])
        #expect(throws: ONNXError.externalData(tensor: "weights")) { try ONNXModel(bytes: bytes) }
    }

    @Test func staticModelRejectsAnotherInputSize() throws {
        let model = try ONNXModel(bytes: Self.convModel())
        #expect(throws: ONNXError.unsupportedModel("input 'x' has a fixed height of 4, not 8")) {
            try ONNXConverter.convert(model, inputHeight: 8, inputWidth: 4)
        }
    }

    @Test func everyTruncationFailsCleanly() throws {
        let bytes = Self.convModel()
        for length in 0..<bytes.count {
            #expect(throws: ONNXError.self) { _ = try ONNXConverter.convert(try ONNXModel(bytes: Array(bytes[..<length]))) }
        }
    }

    @Test func tenThousandMutationsNeverCrash() throws {
        let original = Self.convModel()
        var generator = SeededRandom(seed: 0x5EED)
        var failures = 0
        for _ in 0..<10_000 {
            var bytes = original
            for _ in 0..<(1 + Int(generator.next() % 4)) {
                let position = Int(generator.next() % UInt64(bytes.count))
                bytes[position] = UInt8(truncatingIfNeeded: generator.next())
            }
            do {
                let conversion = try ONNXConverter.convert(try ONNXModel(bytes: bytes))
                _ = try FloatExecutor(graph: conversion.graph)
            } catch is ONNXError {
                failures += 1
            } catch is FloatExecutionError {
                failures += 1
            }
        }
        // Most mutations break something; all of them must end in a typed error or a valid graph.
        #expect(failures > 1_000)
    }

    @Test func realModelTruncatedNamesTheDamage() throws {
        try ONNXReferenceData.require()
        let bytes = [UInt8](try Data(contentsOf: ONNXReferenceData.staticModel))
        #expect {
            try ONNXModel(bytes: Array(bytes[..<(bytes.count / 2)]))
        } throws: { error in
            "\(error)".contains("malformed ONNX model at model") && "\(error)".contains("data ends early")
        }
    }

    @Test func realModelClassNames() throws {
        try ONNXReferenceData.require()
        let model = try ONNXModel(contentsOf: ONNXReferenceData.staticModel)
        let names = ONNXMetadata.modelMetadata(from: model.metadata).classNames
        #expect(names.count == 80)
        #expect(names.first == "person" && names.last == "toothbrush")
    }
}
