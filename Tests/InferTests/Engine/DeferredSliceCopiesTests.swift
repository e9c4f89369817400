import Testing
@testable import Infer

/// The copies into a concatenation's slices run just before the next use of
/// the concatenation, so it is not alive while the rest of the graph computes.
@Suite struct DeferredSliceCopiesTests {
    /// As the detection head, one small level early and one large level late:
    /// input [1,4,6,8] → rows 0..<2 → TRANSPOSE [1,8,2,6] → RESHAPE [1,8,12]   ┐ CONCATENATION
    ///                 → ADD (itself) → ADD (itself) → TRANSPOSE [1,8,4,6] → RESHAPE [1,8,24] ┘ (axis 2) → [1,8,36]
    static func graph() -> (graph: Graph, early: Int, adds: [Int], late: Int) {
        var builder = GraphBuilder()
        let input = builder.activation([1, 4, 6, 8], scale: 0.02, zeroPoint: -14)
        let permutation = builder.int32Constant([4], values: [0, 3, 1, 2])
        let begin = builder.int32Constant([4], values: [0, 0, 0, 0])
        let end = builder.int32Constant([4], values: [1, 2, 6, 8])
        let step = builder.int32Constant([4], values: [1, 1, 1, 1])
        let top = builder.activation([1, 2, 6, 8], scale: 0.02, zeroPoint: -14)
        builder.add(.stridedSlice(StridedSliceOptions()), inputs: [input, begin, end, step], outputs: [top])
        let small = builder.activation([1, 8, 2, 6], scale: 0.02, zeroPoint: -14)
        let early = builder.nodes.count
        builder.add(.transpose, inputs: [top, permutation], outputs: [small])
        let smallRows = builder.activation([1, 8, 12], scale: 0.02, zeroPoint: -14)
        builder.add(.reshape, inputs: [small], outputs: [smallRows])
        let doubled = builder.activation([1, 4, 6, 8], scale: 0.02, zeroPoint: -14)
        let adds = [builder.nodes.count, builder.nodes.count + 1]
        builder.add(.add(.none), inputs: [input, input], outputs: [doubled])
        let quadrupled = builder.activation([1, 4, 6, 8], scale: 0.02, zeroPoint: -14)
        builder.add(.add(.none), inputs: [doubled, doubled], outputs: [quadrupled])
        let large = builder.activation([1, 8, 4, 6], scale: 0.02, zeroPoint: -14)
        let late = builder.nodes.count
        builder.add(.transpose, inputs: [quadrupled, permutation], outputs: [large])
        let largeRows = builder.activation([1, 8, 24], scale: 0.02, zeroPoint: -14)
        builder.add(.reshape, inputs: [large], outputs: [largeRows])
        let joined = builder.activation([1, 8, 36], scale: 0.02, zeroPoint: -14)
        builder.add(.concatenation(axis: 2, activation: .none), inputs: [smallRows, largeRows], outputs: [joined])
        return (builder.graph(inputs: [input], outputs: [joined]), early, adds, late)
    }

    @Test(arguments: [1, 2])
    func theEarlyCopyRunsRightBeforeTheLateOneWithTheSameOutput(threads: Int) throws {
        let (graph, early, adds, late) = Self.graph()
        let engine = try Engine(graph: graph, options: EngineOptions(threads: threads))
        let order = engine.schedule.map(\.node)
        // The row slice is a view of the input (`ContiguousSliceViews`), no step.
        #expect(order == adds + [early, late], "both ADDs, then the two copies")
        try InPlaceConcatenationTests.expectSameOutputs(graph, engine)
    }

    @Test func theConcatenationIsAliveForFewerSteps() {
        let (graph, _, _, _) = Self.graph()
        var steps = graph.nodes.indices.map { node in
            ExecutionStep(
                node: node, fusedNodes: [], outputs: graph.nodes[node].outputs, inputs: graph.nodes[node].inputs,
                epilogue: nil)
        }
        var slices = InPlaceConcatenation.apply(to: &steps, graph: graph)
        InPlaceSplit.apply(to: &steps, slices: &slices, graph: graph)
        let before = ArenaLayout(graph: graph, steps: steps, slices: slices, scratch: steps.map { _ in 0 })
        DeferredSliceCopies.apply(to: &steps, slices: slices, graph: graph)
        let after = ArenaLayout(graph: graph, steps: steps, slices: slices, scratch: steps.map { _ in 0 })
        // Before, at the ADDs: the 288-byte concatenation and 384 bytes of
        // input and sums. After: the concatenation only with the early copy's
        // 96-byte input and the last sum.
        #expect(before.plan.livenessLowerBound == 288 + 192 + 192)
        #expect(after.plan.livenessLowerBound == 288 + 96 + 192)
    }
}
