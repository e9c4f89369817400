import Testing
@testable import Infer

/// A LOGISTIC followed by a QUANTIZE (the head's class scores) runs as one
/// table, and its intermediate tensor needs no buffer.
@Suite struct TableChainFusionTests {
    @Test(arguments: 1...3 as ClosedRange<UInt64>)
    func logisticThenQuantizeIsOneStepWithTheSameBytes(seed: UInt64) throws {
        var builder = GraphBuilder()
        let input = builder.activation([1, 4, 50], scale: 0.2211904, zeroPoint: 28)
        let sigmoid = builder.activation([1, 4, 50], scale: 1.0 / 256, zeroPoint: -128)
        let node = builder.nodes.count
        builder.add(.logistic, inputs: [input], outputs: [sigmoid])
        let requantized = builder.activation([1, 4, 50], scale: 0.003986024, zeroPoint: -128)
        builder.add(.quantize, inputs: [sigmoid], outputs: [requantized])
        let graph = builder.graph(inputs: [input], outputs: [requantized])

        let engine = try Engine(graph: graph)
        #expect(engine.schedule.map(\.node) == [node])
        #expect(engine.schedule.first?.fused == [node + 1])
        try InPlaceConcatenationTests.expectSameOutputs(graph, engine, seed: seed)
    }
}
