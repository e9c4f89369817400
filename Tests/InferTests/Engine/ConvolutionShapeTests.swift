import Testing
@testable import Infer

/// The MACs `bench --profile` reports come from the graph's tensors.
@Suite struct ConvolutionShapeTests {
    @Test func macsAreOutputPixelsTimesChannelsTimesKernel() throws {
        let (graph, _, _) = InPlaceConvolutionsTests.stem()
        // 16x16x3 → 3x3 stride 2 → 8x8x16: 64 pixels × 16 × 3 × 9.
        let stem = try #require(ConvolutionShape(node: 0, in: graph))
        #expect(stem.multiplyAccumulates == 64 * 16 * 3 * 9)
        #expect(stem.label == "16x16 3→16 3x3/2")
        // 8x8x16 → 1x1 → 8x8x8.
        let pointwise = try #require(ConvolutionShape(node: 1, in: graph))
        #expect(pointwise.multiplyAccumulates == 64 * 8 * 16)
        #expect(pointwise.label == "8x8 16→8 1x1/1")
    }

    @Test func aFoldedPadIsPartOfTheStepAndAddsNoMACs() throws {
        let graph = PadFoldingTests.paddedConvolution()
        let engine = try Engine(graph: graph)
        let step = try #require(engine.schedule.first)
        let shape = try #require(ConvolutionShape(node: step.node, fusedWith: step.fused, in: graph))
        // The step reads the 9x8 input; the 12x9 padded map gives a 5x4 output.
        #expect(shape.label == "9x8 4→8 3x3/2")
        #expect(shape.multiplyAccumulates == 5 * 4 * 8 * 4 * 9)
        #expect(ConvolutionShape(node: step.node, in: graph)?.inputHeight == 12)
    }

    @Test func groupsDivideTheProducts() throws {
        // 4x4x8 input, a 1x1 filter over 4 channels: 2 groups (the engine does
        // not run it; the count is read from the tensors alone).
        var builder = GraphBuilder()
        let input = builder.activation([1, 4, 4, 8], scale: 0.02, zeroPoint: 0)
        let filter = builder.int8Constant(
            [6, 1, 1, 4], values: [Int8](repeating: 1, count: 24), quantization: Quantization(scale: 0.01, zeroPoint: 0))
        let output = builder.activation([1, 4, 4, 6], scale: 0.05, zeroPoint: 0)
        builder.add(.conv2D(Conv2DOptions(padding: .same)), inputs: [input, filter, -1], outputs: [output])
        let shape = try #require(ConvolutionShape(node: 0, in: builder.graph(inputs: [input], outputs: [output])))
        #expect(shape.groups == 2)
        #expect(shape.multiplyAccumulates == 16 * 6 * 8 / 2)
        #expect(shape.label == "4x4 8→6 1x1/1 g2")
    }

    @Test func otherOperatorsHaveNoShape() {
        let graph = PadFoldingTests.paddedConvolution()
        #expect(ConvolutionShape(node: 0, in: graph) == nil)  // the PAD
    }
}
