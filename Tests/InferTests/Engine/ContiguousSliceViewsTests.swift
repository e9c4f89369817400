import Testing
@testable import Infer

/// A STRIDED_SLICE that takes one block of its input, and a RESHAPE, are views, not copies.
@Suite struct ContiguousSliceViewsTests {
    /// input [1,6,8] → ADD (itself) → `sum`, the start of each graph here.
    static func sumOfInput(_ builder: inout GraphBuilder) -> (input: Int, sum: Int) {
        let input = builder.activation([1, 6, 8], scale: 0.02, zeroPoint: -14)
        let sum = builder.activation([1, 6, 8], scale: 0.04, zeroPoint: -14)
        builder.add(.add(.none), inputs: [input, input], outputs: [sum])
        return (input, sum)
    }

    /// input [1,6,8] → ADD (itself) → [1,6,8] → STRIDED_SLICE `slice` (→ RESHAPE `reshaped`
    /// to `reshapedTo`, if given) → ADD (itself) → output
    static func graph(
        begin: [Int32], end: [Int32], sliced: [Int], reshapedTo: [Int]? = nil
    ) -> (graph: Graph, sum: Int, slice: Int, reshaped: Int) {
        var builder = GraphBuilder()
        let (input, sum) = Self.sumOfInput(&builder)
        let slice = builder.activation(sliced, scale: 0.04, zeroPoint: -14)
        builder.add(
            .stridedSlice(StridedSliceOptions()),
            inputs: [sum, builder.int32Constant([3], values: begin), builder.int32Constant([3], values: end),
                     builder.int32Constant([3], values: [1, 1, 1])],
            outputs: [slice])
        var read = slice
        if let reshapedTo {
            read = builder.activation(reshapedTo, scale: 0.04, zeroPoint: -14)
            builder.add(
                .reshape, inputs: [slice, builder.int32Constant([reshapedTo.count], values: reshapedTo.map { Int32($0) })],
                outputs: [read])
        }
        let output = builder.activation(reshapedTo ?? sliced, scale: 0.08, zeroPoint: -14)
        builder.add(.add(.none), inputs: [read, read], outputs: [output])
        return (builder.graph(inputs: [input], outputs: [output]), sum, slice, read)
    }

    /// Rows 2..<5 are a view of the sum's bytes from 16 on, and so is a RESHAPE of them:
    /// neither copies.
    @Test(arguments: [1, 2], [nil, [1, 3, 2, 4]] as [[Int]?])
    func rowsTwoToFiveAreTheSumsBytesFrom16On(threads: Int, reshapedTo: [Int]?) throws {
        let (graph, sum, slice, read) = Self.graph(
            begin: [0, 2, 0], end: [1, 5, 8], sliced: [1, 3, 8], reshapedTo: reshapedTo)
        let engine = try Engine(graph: graph, options: EngineOptions(threads: threads))
        #expect(engine.stepCount == 2, "the two ADDs")
        let view = TensorSlice(base: sum, offset: 16, rowBytes: 24, rowStride: 24, rows: 1, isRequantized: false)
        #expect(engine.slices[slice] == view)
        #expect(engine.slices[read] == view)
        try InPlaceConcatenationTests.expectSameOutputs(graph, engine)
    }

    @Test func columnsAreNoBlockAndStayACopy() throws {
        let (graph, _, slice, _) = Self.graph(begin: [0, 0, 2], end: [1, 6, 5], sliced: [1, 6, 3])
        let engine = try Engine(graph: graph)
        #expect(engine.stepCount == 3)
        #expect(engine.slices[slice] == nil)
        try InPlaceConcatenationTests.expectSameOutputs(graph, engine)
    }

    /// A RESHAPE whose output is the graph's output keeps its copy: the
    /// caller reads outputs from their own buffers.
    @Test func aReshapeIntoTheGraphOutputStaysACopy() throws {
        var builder = GraphBuilder()
        let (input, sum) = Self.sumOfInput(&builder)
        let output = builder.activation([1, 48], scale: 0.04, zeroPoint: -14)
        builder.add(.reshape, inputs: [sum, builder.int32Constant([2], values: [1, 48])], outputs: [output])
        let graph = builder.graph(inputs: [input], outputs: [output])
        let engine = try Engine(graph: graph)
        #expect(engine.stepCount == 2)
        #expect(engine.slices[output] == nil)
        try InPlaceConcatenationTests.expectSameOutputs(graph, engine)
    }
}
