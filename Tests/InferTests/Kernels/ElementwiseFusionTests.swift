import Testing
@testable import Infer

@Suite("Elementwise fusion tables")
struct ElementwiseFusionTests {
    static let allInt8 = (-128...127).map { Int8($0) }

    /// Runs node `index` of `graph` unfused on 256-element tensors.
    func runUnfused(_ graph: Graph, node index: Int, activations: [[Int8]]) throws -> [Int8] {
        let node = graph.nodes[index]
        var tensors = graph.tensors
        for tensor in node.inputs + node.outputs where tensors[tensor].data == nil { tensors[tensor].shape = [256] }
        let single = Graph(tensors: tensors, nodes: [node], inputs: [], outputs: [])
        let kernel = try KernelFactory.makeKernel(nodeIndex: 0, graph: single, epilogue: nil)
        var remaining = activations[...]
        let inputs: [[UInt8]?] = node.inputs.map { tensors[$0].data ?? remaining.popFirst()!.map { UInt8(bitPattern: $0) } }
        return execute(kernel, inputs: inputs, outputByteCount: 256).map { Int8(bitPattern: $0) }
    }

    @Test func siluTableEqualsLogisticThenMul() throws {
        var builder = TestGraph()
        let x = builder.int8([1, 4, 4, 8], scale: 0.73, zeroPoint: -6)
        let sigmoid = builder.int8([1, 4, 4, 8], scale: 1.0 / 256, zeroPoint: -128)
        let product = builder.int8([1, 4, 4, 8], scale: 0.38, zeroPoint: -127)
        let graph = Graph(
            tensors: builder.tensors,
            nodes: [Node(op: .logistic, inputs: [x], outputs: [sigmoid]), Node(op: .mul(.none), inputs: [x, sigmoid], outputs: [product])],
            inputs: [x], outputs: [product])
        let table = try ElementwiseFusion.lookupTable(chain: [0, 1], from: x, to: product, in: graph)
        let sigmoidValues = try runUnfused(graph, node: 0, activations: [Self.allInt8])
        let want = try runUnfused(graph, node: 1, activations: [Self.allInt8, sigmoidValues])
        #expect(table == want)
        #expect(Set(table).count > 100, "a real SiLU table, not a constant")
    }

    @Test func chainWithConstantScalarAndRequantize() throws {
        var builder = TestGraph()
        let x = builder.int8([2, 3], scale: 0.05, zeroPoint: 10)
        let half = builder.int8([1], scale: 0.01, zeroPoint: -128, values: [-78])
        let sum = builder.int8([2, 3], scale: 0.06, zeroPoint: 0)
        let requantized = builder.int8([2, 3], scale: 0.03, zeroPoint: 127)
        let graph = Graph(
            tensors: builder.tensors,
            nodes: [Node(op: .add(.relu), inputs: [half, x], outputs: [sum]), Node(op: .quantize, inputs: [sum], outputs: [requantized])],
            inputs: [x], outputs: [requantized])
        let table = try ElementwiseFusion.lookupTable(chain: [0, 1], from: x, to: requantized, in: graph)
        let sums = try runUnfused(graph, node: 0, activations: [Self.allInt8])
        #expect(table == (try runUnfused(graph, node: 1, activations: [sums])))
    }

    @Test func rejectsNonElementwiseNodesAndTensorOperands() {
        var builder = TestGraph()
        let x = builder.int8([4], scale: 0.1, zeroPoint: 0)
        let other = builder.int8([4], scale: 0.1, zeroPoint: 0)
        let out = builder.int8([4], scale: 0.1, zeroPoint: 0)
        let mulByTensor = Graph(tensors: builder.tensors, nodes: [Node(op: .mul(.none), inputs: [x, other], outputs: [out])], inputs: [], outputs: [])
        #expect(throws: KernelError.self) { try ElementwiseFusion.lookupTable(chain: [0], from: x, to: out, in: mulByTensor) }
        let softmax = Graph(tensors: builder.tensors, nodes: [Node(op: .softmax(beta: 1), inputs: [x], outputs: [out])], inputs: [], outputs: [])
        #expect(throws: KernelError.self) { try ElementwiseFusion.lookupTable(chain: [0], from: x, to: out, in: softmax) }
        #expect(throws: KernelError.self) { try ElementwiseFusion.lookupTable(chain: [], from: x, to: out, in: softmax) }
    }
}
