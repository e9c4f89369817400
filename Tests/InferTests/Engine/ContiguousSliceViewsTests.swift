import Testing
@testable import Infer

/// A STRIDED_SLICE that takes one block of its input is a view, not a copy.
@Suite struct ContiguousSliceViewsTests {
    /// input [1,6,8] → ADD (itself) → [1,6,8] → STRIDED_SLICE `slice` → ADD (itself) → output
    static func graph(begin: [Int32], end: [Int32], sliced: [Int]) -> (graph: Graph, sum: Int, slice: Int) {
        var builder = GraphBuilder()
        let input = builder.activation([1, 6, 8], scale: 0.02, zeroPoint: -14)
        let sum = builder.activation([1, 6, 8], scale: 0.04, zeroPoint: -14)
        builder.add(.add(.none), inputs: [input, input], outputs: [sum])
        let slice = builder.activation(sliced, scale: 0.04, zeroPoint: -14)
        builder.add(
            .stridedSlice(StridedSliceOptions()),
            inputs: [sum, builder.int32Constant([3], values: begin), builder.int32Constant([3], values: end),
                     builder.int32Constant([3], values: [1, 1, 1])],
            outputs: [slice])
        let output = builder.activation(sliced, scale: 0.08, zeroPoint: -14)
        builder.add(.add(.none), inputs: [slice, slice], outputs: [output])
        return (builder.graph(inputs: [input], outputs: [output]), sum, slice)
    }

    @Test(arguments: [1, 2])
    func rowsTwoToFiveAreTheSumsBytesFrom16On(threads: Int) throws {
        let (graph, sum, slice) = Self.graph(begin: [0, 2, 0], end: [1, 5, 8], sliced: [1, 3, 8])
        let engine = try Engine(graph: graph, options: EngineOptions(threads: threads))
        #expect(engine.stepCount == 2, "the two ADDs")
        #expect(engine.slices[slice] == TensorSlice(
            base: sum, offset: 16, rowBytes: 24, rowStride: 24, rows: 1, isRequantized: false))
        try InPlaceConcatenationTests.expectSameOutputs(graph, engine)
    }

    @Test func columnsAreNoBlockAndStayACopy() throws {
        let (graph, _, slice) = Self.graph(begin: [0, 0, 2], end: [1, 6, 5], sliced: [1, 6, 3])
        let engine = try Engine(graph: graph)
        #expect(engine.stepCount == 3)
        #expect(engine.slices[slice] == nil)
        try InPlaceConcatenationTests.expectSameOutputs(graph, engine)
    }
}
