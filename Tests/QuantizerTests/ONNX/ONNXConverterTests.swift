import Foundation
import Testing

@testable import Infer
@testable import Quantizer

/// Layout tracking and shape folding on small ONNX graphs, checked against
/// ONNX semantics computed directly in NCHW.
@Suite struct ONNXConverterTests {
    typealias Spec = TestONNXModels.NodeSpec

    static func constant(_ name: String, _ values: [Int64]) -> Spec {
        Spec(op: "Constant", name: name, inputs: [], outputs: [name],
             attributes: [TestONNXModels.tensorAttribute(TestONNXModels.int64Tensor(name, shape: [Int64(values.count)], values: values))])
    }

    /// Converts, runs on `input` (NCHW), and returns output `y` in ONNX order.
    static func run(_ bytes: [UInt8], input: [Float], shape: [Int], height: Int? = nil, width: Int? = nil) throws -> [Float] {
        let conversion = try ONNXConverter.convert(try ONNXModel(bytes: bytes), inputHeight: height, inputWidth: width)
        let nhwc = TensorIndexing.transpose(input, shape: shape, permutation: [0, 2, 3, 1])
        let output = try FloatExecutor(graph: conversion.graph).run(nhwc)[0]
        let binding = try #require(conversion.bindings["y"])
        #expect(binding.layout == Layout.identity(rank: binding.shape.count), "outputs keep ONNX order")
        return output
    }

    @Test("DFL-style reshape, transpose and softmax over axis 1")
    func headLayout() throws {
        // x [1,8,1,2] → Reshape [1,2,4,2] → Transpose [0,2,1,3] → Softmax(axis 1) → y [1,4,2,2]
        let bytes = TestONNXModels.model(inputShape: [1, 8, 1, 2], nodes: [
            Self.constant("shape", [1, 2, 4, 2]),
            Spec(op: "Reshape", name: "reshape", inputs: ["x", "shape"], outputs: ["r"]),
            Spec(op: "Transpose", name: "transpose", inputs: ["r"], outputs: ["t"],
                 attributes: [TestONNXModels.intsAttribute("perm", [0, 2, 1, 3])]),
            Spec(op: "Softmax", name: "softmax", inputs: ["t"], outputs: ["y"],
                 attributes: [TestONNXModels.intAttribute("axis", 1)]),
        ])
        let input = (0..<16).map { Float($0) * 0.25 }
        let output = try Self.run(bytes, input: input, shape: [1, 8, 1, 2])
        // ONNX: r[0,a,b,c] = x flat[(a*4+b)*2+c]; t[0,b,a,c] = r[0,a,b,c]; softmax over b.
        var expected = [Float](repeating: 0, count: 16)
        for a in 0..<2 {
            for c in 0..<2 {
                let logits = (0..<4).map { b in input[(a * 4 + b) * 2 + c] }
                let exps = logits.map { exp($0 - logits.max()!) }
                for b in 0..<4 { expected[(b * 2 + a) * 2 + c] = exps[b] / exps.reduce(0, +) }
            }
        }
        #expect(zip(output, expected).allSatisfy { abs($0 - $1) < 1e-6 }, "\(output) vs \(expected)")
    }

    @Test("channel split, reordered concat, division and subtraction by constants")
    func channelOps() throws {
        // x [1,4,2,2] → Split(axis 1, [1,3]) → Concat(b, a, axis 1) → Div 2 → Sub(bias[4,1,1] - ·) → y
        let splitSizes = TestONNXModels.int64Tensor("sizes", shape: [2], values: [1, 3])
        let bytes = TestONNXModels.model(
            inputShape: [1, 4, 2, 2],
            initializers: [splitSizes, TestONNXModels.tensor("two", shape: [], values: [2]),
                           TestONNXModels.tensor("bias", shape: [4, 1, 1], values: [100, 200, 300, 400])],
            nodes: [
                Spec(op: "Split", name: "split", inputs: ["x", "sizes"], outputs: ["a", "b"],
                     attributes: [TestONNXModels.intAttribute("axis", 1)]),
                Spec(op: "Concat", name: "concat", inputs: ["b", "a"], outputs: ["c"],
                     attributes: [TestONNXModels.intAttribute("axis", 1)]),
                Spec(op: "Div", name: "half", inputs: ["c", "two"], outputs: ["h"]),
                Spec(op: "Sub", name: "sub", inputs: ["bias", "h"], outputs: ["y"]),
            ])
        let input = (0..<16).map(Float.init)
        let output = try Self.run(bytes, input: input, shape: [1, 4, 2, 2])
        // Channels reordered 1,2,3,0; y[ch] = bias[ch] - x[order[ch]] / 2 (NCHW, 4 pixels per channel).
        let order = [1, 2, 3, 0]
        let expected = (0..<16).map { (index: Int) -> Float in
            let channel = index / 4
            let bias = Float(100 * (channel + 1))
            return bias - input[order[channel] * 4 + index % 4] / 2
        }
        #expect(output == expected)
    }

    @Test("dynamic width folded from Shape → Gather → Range → Cast")
    func dynamicShapeFolding() throws {
        // y = x + Reshape(Cast(Range(0, Shape(x)[3], 1)), [1,1,1,-1]): adds the column index.
        let bytes = TestONNXModels.model(
            inputShape: [1, 1, 0, 0], symbolicAxes: [2: "height", 3: "width"],
            initializers: [TestONNXModels.int64Tensor("three", shape: [], values: [3]),
                           TestONNXModels.int64Tensor("zero", shape: [], values: [0]),
                           TestONNXModels.int64Tensor("one", shape: [], values: [1])],
            nodes: [
                Spec(op: "Shape", name: "shape", inputs: ["x"], outputs: ["s"]),
                Spec(op: "Gather", name: "gather", inputs: ["s", "three"], outputs: ["w"]),
                Spec(op: "Range", name: "range", inputs: ["zero", "w", "one"], outputs: ["columns"]),
                Spec(op: "Cast", name: "cast", inputs: ["columns"], outputs: ["fcolumns"],
                     attributes: [TestONNXModels.intAttribute("to", 1)]),
                Self.constant("row", [1, 1, 1, -1]),
                Spec(op: "Reshape", name: "reshape", inputs: ["fcolumns", "row"], outputs: ["offsets"]),
                Spec(op: "Add", name: "add", inputs: ["x", "offsets"], outputs: ["y"]),
            ])
        let input = [Float](repeating: 10, count: 6)
        let output = try Self.run(bytes, input: input, shape: [1, 1, 2, 3], height: 2, width: 3)
        #expect(output == [10, 11, 12, 10, 11, 12])
        #expect(throws: ONNXError.unsupportedModel("input 'x' has a dynamic height ('height'): give an input size")) {
            try ONNXConverter.convert(try ONNXModel(bytes: bytes))
        }
    }

    @Test("a dynamic input without a size asked for takes dynamicSize; a fixed one keeps its own")
    func inputSizeDefaults() throws {
        let node = [Spec(op: "Sigmoid", name: "act", inputs: ["x"], outputs: ["y"])]
        let dynamic = try ONNXModel(bytes: TestONNXModels.model(
            inputShape: [1, 3, 0, 0], symbolicAxes: [2: "height", 3: "width"], nodes: node))
        let rectangular = try ONNXModel(bytes: TestONNXModels.model(inputShape: [1, 3, 384, 640], nodes: node))
        func inputShape(_ conversion: ONNXConversion) -> [Int] { conversion.graph.tensors[conversion.graph.inputs[0]].shape }
        #expect(inputShape(try ONNXConverter.convert(dynamic, dynamicSize: 64)) == [1, 64, 64, 3])
        #expect(inputShape(try ONNXConverter.convert(dynamic, inputHeight: 32, inputWidth: 96, dynamicSize: 64)) == [1, 32, 96, 3])
        #expect(inputShape(try ONNXConverter.convert(rectangular, dynamicSize: 64)) == [1, 384, 640, 3])
        #expect(throws: ONNXError.unsupportedModel("input 'x' has a fixed height of 384, not 640")) {
            try ONNXConverter.convert(rectangular, inputHeight: 640, inputWidth: 640)
        }
    }

    @Test("an operator yolo-edge lacks is named before an earlier node's shortfall")
    func unsupportedOperatorComesFirst() throws {
        // The Gather on a run-time tensor would fail first in node order; the Einsum can never convert.
        let model = TestONNXModels.model(
            inputShape: [1, 1, 2, 2], initializers: [TestONNXModels.int64Tensor("zero", shape: [], values: [0])],
            nodes: [
                Spec(op: "Gather", name: "pick", inputs: ["x", "zero"], outputs: ["g"]),
                Spec(op: "Einsum", name: "/model.10/m/m.0/attn/Einsum", inputs: ["x", "x"], outputs: ["y"]),
            ])
        #expect(throws: ONNXError.unsupportedOperator(node: "/model.10/m/m.0/attn/Einsum", op: "Einsum")) {
            try ONNXConverter.convert(try ONNXModel(bytes: model))
        }
        #expect("\(ONNXError.unsupportedOperator(node: "n", op: "Einsum"))" == "node 'n': operator Einsum is not supported")
    }

    @Test func runTimeOnlyLimitsNameTheNode() throws {
        let division = TestONNXModels.model(inputShape: [1, 1, 1, 2], nodes: [
            Spec(op: "Div", name: "ratio", inputs: ["x", "x"], outputs: ["y"]),
        ])
        #expect(throws: ONNXError.invalidNode(
            node: "ratio", op: "Div", reason: "division by a tensor computed at run time is not supported")) {
            try ONNXConverter.convert(try ONNXModel(bytes: division))
        }
        let gather = TestONNXModels.model(
            inputShape: [1, 1, 1, 2], initializers: [TestONNXModels.int64Tensor("zero", shape: [], values: [0])],
            nodes: [Spec(op: "Gather", name: "pick", inputs: ["x", "zero"], outputs: ["y"])])
        #expect {
            try ONNXConverter.convert(try ONNXModel(bytes: gather))
        } throws: { error in
            "\(error)".hasPrefix("node 'pick' (Gather): supported only on constant inputs")
        }
        let undefined = TestONNXModels.model(inputShape: [1, 1, 1, 2], nodes: [
            Spec(op: "Sigmoid", name: "act", inputs: ["missing"], outputs: ["y"]),
        ])
        #expect(throws: ONNXError.invalidNode(node: "act", op: "Sigmoid", reason: "input 'missing' is not defined before this node")) {
            try ONNXConverter.convert(try ONNXModel(bytes: undefined))
        }
    }
}
