import Testing
@testable import Infer

/// A convolution that one thread runs writes its output over its input.
@Suite struct InPlaceConvolutionsTests {
    /// input [1,16,16,3] → CONV_2D 3x3 stride 2 (16 ch) → [1,8,8,16] → CONV_2D 1x1 (8 ch) → [1,8,8,8],
    /// as YOLOv8's stem.
    static func stem() -> (graph: Graph, input: Int, first: Int) {
        var builder = GraphBuilder()
        let input = builder.activation([1, 16, 16, 3], scale: 0.02, zeroPoint: -14)
        let filter = builder.int8Constant(
            [16, 3, 3, 3], values: (0..<432).map { Int8(truncatingIfNeeded: $0 * 37 % 255 - 127) },
            quantization: Quantization(scale: 0.01, zeroPoint: 0))
        let first = builder.activation([1, 8, 8, 16], scale: 0.05, zeroPoint: 3)
        builder.add(.conv2D(Conv2DOptions(padding: .same, strideH: 2, strideW: 2)),
                    inputs: [input, filter, -1], outputs: [first])
        let pointwise = builder.int8Constant(
            [8, 1, 1, 16], values: (0..<128).map { Int8(truncatingIfNeeded: $0 * 53 % 255 - 127) },
            quantization: Quantization(scale: 0.01, zeroPoint: 0))
        let second = builder.activation([1, 8, 8, 8], scale: 0.1, zeroPoint: -5)
        builder.add(.conv2D(Conv2DOptions(padding: .same)), inputs: [first, pointwise, -1], outputs: [second])
        return (builder.graph(inputs: [input], outputs: [second]), input, first)
    }

    @Test func theLeadKeepsEveryInputRowUntilItsLastReader() throws {
        let (graph, _, _) = Self.stem()
        let kernel = try #require(
            KernelFactory.makeKernel(nodeIndex: 0, graph: graph, epilogue: nil) as? Conv2DKernel)
        // Output rows of 8 × 16 bytes, input rows of 16 × 3, two input rows per output
        // row, no padding on top: before output row r, r × 128 bytes are written and
        // input row 2r is the first still to read: r × 128 - 2r × 48, largest at r = 7.
        #expect(kernel.inputLead == 7 * 128 - 14 * 48)
    }

    @Test(arguments: [1, 2])
    func oneThreadWritesOverTheInputWithTheSameResults(threads: Int) throws {
        let (graph, input, _) = Self.stem()
        let engine = try Engine(graph: graph, options: EngineOptions(threads: threads))
        try InPlaceConcatenationTests.expectSameOutputs(graph, engine)
        EngineTests.fill(engine, seed: 8)
        let written = engine.contents(of: input)
        engine.run()
        // One thread: the first convolution's output covers most of its input.
        // Two: its rows run out of order, so the input keeps its own buffer.
        #expect((engine.contents(of: input) != written) == (threads == 1))
    }

    @Test func theInputLivesAtItsOffsetInTheOutputsBuffer() throws {
        let (graph, input, first) = Self.stem()
        let steps = graph.nodes.indices.map { node in
            ExecutionStep(
                node: node, fusedNodes: [], outputs: graph.nodes[node].outputs, inputs: graph.nodes[node].inputs,
                epilogue: nil)
        }
        let layout = ArenaLayout(
            graph: graph, steps: steps, overlaps: [input: BufferOverlap(base: first, offset: 256)], scratch: [0, 0])
        let base = try #require(layout.tensorOffsets[first])
        #expect(layout.tensorOffsets[input] == base + 256)
        // One buffer of max(1024, 256 + 768) bytes, and the second output's 512.
        #expect(layout.plan.livenessLowerBound == 1024 + 512)
    }
}
