import Foundation
import TestSupport
import Testing
@testable import Infer

/// Every node of the real YOLOv8n, run by its kernel on LiteRT's own inputs,
/// must reproduce LiteRT's BUILTIN_REF output bytes exactly.
@Suite("Kernels match LiteRT BUILTIN_REF on the real model", .serialized)
struct LiteRTParityTests {

    private func run(_ op: LiteRTOpDump.Op, in dump: LiteRTOpDump, epilogue: [Int8]? = nil) throws -> [UInt8] {
        let graph = try dump.graph(of: op)
        let kernel = try KernelFactory.makeKernel(nodeIndex: 0, graph: graph, epilogue: epilogue)
        let node = graph.nodes[0]
        let inputs = try node.inputs.map { local -> [UInt8]? in
            guard local >= 0 else { return nil }
            return try dump.bytes(ofTensor: op.inputs[node.inputs.firstIndex(of: local)!])
        }
        return execute(kernel, inputs: inputs, outputByteCount: graph.tensors[node.outputs[0]].byteCount)
    }

    @Test(ReferenceData.skipTrait(python: true), arguments: [false, true])
    func everyNodeIsBitExact(floatInterface: Bool) throws {
        try ReferenceData.require(python: true)
        let dump = try (floatInterface ? LiteRTOpDump.floatInterface : LiteRTOpDump.fullInteger).get()
        var failures: [String] = []
        for op in dump.file.ops {
            let got = try run(op, in: dump)
            let want = try dump.bytes(ofTensor: op.outputs[0])
            if let difference = firstDifference(got, want) { failures.append("op \(op.index) \(op.op): \(difference)") }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        var expectedKinds: Set = [
            "CONV_2D", "LOGISTIC", "MUL", "ADD", "SUB", "CONCATENATION", "STRIDED_SLICE", "PAD", "RESHAPE",
            "TRANSPOSE", "MAX_POOL_2D", "RESIZE_NEAREST_NEIGHBOR", "SOFTMAX", "QUANTIZE",
        ]
        if floatInterface { expectedKinds.insert("DEQUANTIZE") }
        #expect(Set(dump.file.ops.map(\.op)) == expectedKinds)
    }

    /// CONV_2D → LOGISTIC → MUL (SiLU) fused into the conv epilogue equals LiteRT's MUL output.
    @Test func siluFusedIntoConvIsBitExact() throws {
        try ReferenceData.require(python: true)
        let dump = try LiteRTOpDump.fullInteger.get()
        let ops = dump.file.ops
        var checked = 0
        for (position, conv) in ops.enumerated() where conv.op == "CONV_2D" && position + 2 < ops.count {
            let logistic = ops[position + 1], mul = ops[position + 2]
            let convOutput = conv.outputs[0]
            guard logistic.op == "LOGISTIC", mul.op == "MUL", logistic.inputs == [convOutput],
                  Set(mul.inputs) == [convOutput, logistic.outputs[0]]
            else { continue }
            let chainGraph = try chainGraph(dump, [logistic, mul])
            let table = try ElementwiseFusion.lookupTable(
                chain: [0, 1], from: chainGraph.input, to: chainGraph.output, in: chainGraph.graph)
            let got = try run(conv, in: dump, epilogue: table)
            let want = try dump.bytes(ofTensor: mul.outputs[0])
            #expect(firstDifference(got, want) == nil, "conv op \(conv.index) with fused SiLU")
            checked += 1
        }
        #expect(checked >= 50)
    }

    /// A graph holding just the chain's tensors and nodes, by their model indices' order.
    private func chainGraph(_ dump: LiteRTOpDump, _ chain: [LiteRTOpDump.Op]) throws -> (graph: Graph, input: Int, output: Int) {
        var tensors: [Tensor] = []
        var local: [Int: Int] = [:]
        func tensorIndex(_ model: Int) throws -> Int {
            if let known = local[model] { return known }
            let info = try #require(dump.file.tensors[String(model)])
            local[model] = tensors.count
            tensors.append(Tensor(
                name: info.name, type: .int8, shape: info.shape,
                quantization: Quantization(scales: info.scales, zeroPoints: info.zeroPoints),
                data: info.isConstant ? try dump.bytes(ofTensor: model) : nil))
            return tensors.count - 1
        }
        let input = try tensorIndex(chain[0].inputs[0])
        var nodes: [Node] = []
        for op in chain {
            nodes.append(Node(
                op: try op.irOperator(), inputs: try op.inputs.map(tensorIndex), outputs: try op.outputs.map(tensorIndex)))
        }
        return (Graph(tensors: tensors, nodes: nodes, inputs: [input], outputs: []), input, nodes.last!.outputs[0])
    }
}
