import Testing

@testable import Infer
@testable import Quantizer

/// YOLO11's attention pattern, softmax(x·xᵀ · ¼)·x, through the int8 emitter and the engine.
@Suite struct AttentionEmissionTests {
    /// Where the export multiplies by the scale: PyTorch on the query-key product, onnxslim on the queries.
    enum ScalePlacement: CaseIterable { case product, queries }

    static func floatGraph(_ placement: ScalePlacement) -> Graph {
        var builder = FloatGraphBuilder()
        let x = builder.activation([1, 8, 6])
        func scaled(_ tensor: Int, shape: [Int]) -> Int {
            let product = builder.activation(shape)
            builder.add(.mul(.none), [tensor, builder.constant([1, 1, 1], [0.25])], product)
            return product
        }
        let queries = placement == .queries ? scaled(x, shape: [1, 8, 6]) : x
        var scores = builder.activation([1, 8, 8])
        builder.add(.batchMatMul(adjointLeft: false, adjointRight: true), [queries, x], scores)
        if placement == .product { scores = scaled(scores, shape: [1, 8, 8]) }
        let probabilities = builder.activation([1, 8, 8])
        builder.add(.softmax(beta: 1), [scores], probabilities)
        let mixed = builder.activation([1, 8, 6])
        builder.add(.batchMatMul(adjointLeft: false, adjointRight: false), [probabilities, x], mixed)
        return Graph(tensors: builder.tensors, nodes: builder.nodes, inputs: [x], outputs: [mixed])
    }

    @Test(arguments: ScalePlacement.allCases)
    func theInt8GraphFollowsFloat(_ placement: ScalePlacement) throws {
        let graph = Self.floatGraph(placement)
        let executor = try FloatExecutor(graph: graph)
        var random = SeededRandom(seed: 19)
        let inputs = (0..<4).map { _ in (0..<48).map { _ in Float(random.uniform()) } }
        var statistics = CalibrationStatistics()
        for input in inputs { try statistics.record(input, with: executor) }
        let int8 = try Int8GraphEmitter(graph: graph, ranges: statistics.ranges(method: .minMax), perChannel: true).emit().graph

        let products: [Operator] = [
            .batchMatMul(adjointLeft: false, adjointRight: true), .batchMatMul(adjointLeft: false, adjointRight: false),
        ]
        switch placement {
        case .product:
            // The scale goes into the softmax's beta, which reads the product.
            #expect(int8.nodes.map(\.op) == [products[0], .softmax(beta: 0.25), products[1]])
            #expect(int8.nodes[1].inputs == int8.nodes[0].outputs)
        case .queries:
            #expect(int8.nodes.map(\.op) == [.lookupTable, products[0], .softmax(beta: 1), products[1]])
        }
        let softmax = try #require(int8.nodes.first { if case .softmax = $0.op { true } else { false } })
        #expect(int8.tensors[softmax.outputs[0]].quantization == Quantization(scale: 1.0 / 256, zeroPoint: -128))
        var ratio = SignalToNoise()
        for input in inputs {
            ratio.add(reference: try executor.run(input)[0], test: try SyntheticDetector.runInt8(int8, input)[0])
        }
        let decibels = try #require(ratio.decibels)
        print("attention (scale on the \(placement)), int8 against float: \(decibels) dB")
        #expect(decibels > 30, "\(decibels) dB")
    }
}
