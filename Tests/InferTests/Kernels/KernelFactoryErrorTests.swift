import Testing
@testable import Infer

@Suite("Kernel preparation errors")
struct KernelFactoryErrorTests {
    func error(_ graph: Graph, epilogue: [Int8]? = nil) -> KernelError? {
        do {
            _ = try KernelFactory.makeKernel(nodeIndex: 0, graph: graph, epilogue: epilogue)
            return nil
        } catch {
            return error
        }
    }

    @Test func namesTheNodeOpAndProblem() throws {
        var builder = TestGraph()
        let input = builder.int8([1, 4, 4, 3], scale: 0.1, zeroPoint: 0)
        let filter = builder.int8([2, 3, 3, 5], scale: 0.1, zeroPoint: 0, values: Array(repeating: 1, count: 90))
        let output = builder.int8([1, 4, 4, 2], scale: 0.1, zeroPoint: 0)
        let failure = try #require(error(builder.graph(.conv2D(Conv2DOptions(padding: .same)), inputs: [input, filter, -1], output: output)))
        #expect(failure.nodeIndex == 0)
        #expect(failure.op == "CONV_2D")
        #expect(failure.description.contains("filter depth 5"))
    }

    @Test func rejectsBadInputs() {
        var builder = TestGraph()
        let input = builder.int8([1, 4, 4, 3], scale: 0.1, zeroPoint: 0)
        let truncatedFilter = builder.add(Tensor(
            name: "w", type: .int8, shape: [2, 1, 1, 3], quantization: Quantization(scale: 0.1, zeroPoint: 0), data: [1, 2]))
        let unquantized = builder.add(Tensor(name: "u", type: .int8, shape: [1, 4, 4, 3]))
        let output = builder.int8([1, 4, 4, 2], scale: 0.1, zeroPoint: 0)
        let wrongOutput = builder.int8([1, 4, 4, 7], scale: 0.1, zeroPoint: 0)
        let conv = Operator.conv2D(Conv2DOptions(padding: .same))
        #expect(error(builder.graph(conv, inputs: [input, truncatedFilter, -1], output: output)) != nil)
        #expect(error(builder.graph(conv, inputs: [input, truncatedFilter, -1], output: wrongOutput)) != nil)
        #expect(error(builder.graph(.logistic, inputs: [unquantized], output: unquantized)) != nil)
        #expect(error(builder.graph(.logistic, inputs: [input, 99], output: output)) != nil)
        #expect(error(builder.graph(.transpose, inputs: [input, input], output: output)) != nil, "non-constant permutation")
        #expect(error(builder.graph(.logistic, inputs: [input], output: input), epilogue: [1, 2]) != nil, "epilogue on LOGISTIC")
        #expect(error(Graph(tensors: [], nodes: [], inputs: [], outputs: [])) != nil, "missing node")
    }
}
