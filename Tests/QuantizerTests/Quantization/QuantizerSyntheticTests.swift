import Foundation
import Testing
import TestSupport

@testable import Infer
@testable import Quantizer

/// The quantizer on `SyntheticDetector`: head cut, emitted int8 graph, and
/// its agreement with the float graph.
@Suite struct QuantizerSyntheticTests {
    @Test("the head is cut at the per-scale box and class convolutions, finest grid first")
    func cutsHead() throws {
        let cut = try DetectHeadCut.cut(SyntheticDetector.graph(size: 16))
        let shapes = cut.outputs.map { cut.tensors[$0].shape }
        #expect(shapes == [[1, 16, 16, 8], [1, 16, 16, 3], [1, 8, 8, 8], [1, 8, 8, 3]])
        #expect(!cut.nodes.contains { if case .softmax = $0.op { true } else { false } })
        #expect(cut.nodes.filter { $0.op == .logistic }.count == 2, "the two SiLUs stay, the class sigmoids go")
    }

    @Test("a graph without a detect head is refused with a reason")
    func refusesHeadlessGraph() throws {
        var graph = SyntheticDetector.graph(size: 16)
        graph.outputs = [graph.nodes[2].outputs[0]]
        graph = GraphPruning.pruned(graph).graph
        #expect { try DetectHeadCut.cut(graph) } throws: { error in
            (error as? QuantizerError)?.message.contains("no YOLOv8 detect head") == true
        }
    }

    @Test("emits an integer-only graph: per-channel filters, int32 biases, one table per SiLU")
    func emitsIntegerGraph() throws {
        let model = try SyntheticDetector.quantizer(size: 16).quantize(QuantizerOptions())
        let graph = model.graph
        try IntegerOnlyCheck.verify(graph)
        #expect(graph.nodes.filter { $0.op == .lookupTable }.count == 2)
        #expect(!graph.nodes.contains { $0.op == .logistic || $0.op == .mul(.none) })
        for node in graph.nodes {
            guard case .conv2D = node.op else { continue }
            let filter = graph.tensors[node.inputs[1]], bias = graph.tensors[node.inputs[2]]
            #expect(filter.type == .int8 && filter.quantization?.scales.count == filter.shape[0])
            #expect(filter.quantization?.zeroPoints.allSatisfy { $0 == 0 } == true)
            #expect(bias.type == .int32)
            let inputScale = graph.tensors[node.inputs[0]].quantization!.scale
            #expect(zip(bias.quantization!.scales, filter.quantization!.scales).allSatisfy { $0 == inputScale * $1 })
        }
        #expect(graph.tensors[graph.inputs[0]].quantization == ModelQuantizer.inputQuantization)
        // Concatenations copy: their inputs are produced in, or requantized (QUANTIZE) to, their own scale.
        let concatenations = graph.nodes.filter { if case .concatenation = $0.op { true } else { false } }
        #expect(!concatenations.isEmpty)
        for node in concatenations {
            #expect(node.inputs.allSatisfy { graph.tensors[$0].quantization == graph.tensors[node.outputs[0]].quantization })
        }
        // The engine folds each table into its convolution's output stage.
        let engine = try Engine(graph: graph)
        #expect(engine.stepCount == graph.nodes.count - 2)
        // Data movement keeps its input's parameters; the slice of a concat and its source agree.
        for node in graph.nodes where ["MAX_POOL_2D", "RESIZE_NEAREST_NEIGHBOR", "STRIDED_SLICE"].contains(node.op.name) {
            #expect(graph.tensors[node.inputs[0]].quantization == graph.tensors[node.outputs[0]].quantization)
        }
    }

    @Test("per-tensor weights give one scale per filter")
    func perTensorWeights() throws {
        let graph = try SyntheticDetector.quantizer(size: 16).quantize(QuantizerOptions(perChannel: false)).graph
        for node in graph.nodes {
            guard case .conv2D = node.op else { continue }
            #expect(graph.tensors[node.inputs[1]].quantization?.scales.count == 1)
        }
    }

    /// Each layer adds at most about half an int8 step of noise over its
    /// range; five layers deep, with ranges set by calibration on other
    /// inputs, 25 dB (noise power 0.3% of the signal) leaves room for that and
    /// still catches a wrong scale, zero point or table (those give < 10 dB).
    @Test("the int8 engine tracks the float graph on inputs it was not calibrated on", arguments: [
        QuantizerOptions(), QuantizerOptions(method: .minMax), QuantizerOptions(method: .mse), QuantizerOptions(biasCorrection: false),
    ])
    func int8MatchesFloat(options: QuantizerOptions) throws {
        let quantizer = try SyntheticDetector.quantizer(size: 16)
        let model = try quantizer.quantize(options)
        let executor = try FloatExecutor(graph: quantizer.floatGraph)
        var ratios = [SignalToNoise](repeating: SignalToNoise(), count: model.graph.outputs.count)
        for input in SyntheticDetector.inputs(size: 16, count: 3, seed: 99) {
            let expected = try executor.run(input)
            let actual = try SyntheticDetector.runInt8(model.graph, input)
            for index in ratios.indices { ratios[index].add(reference: expected[index], test: actual[index]) }
        }
        for ratio in ratios { #expect(try #require(ratio.decibels) > 25, "\(options.method)") }
    }

    @Test("the head outputs take their whole calibrated range, class logits up to score 0.99, whatever the method", arguments: [
        RangeMethod.mse, .percentile(90), .entropy,
    ])
    func outputsAreNeverClipped(method: RangeMethod) throws {
        let quantizer = try SyntheticDetector.quantizer(size: 16)
        let model = try quantizer.quantize(QuantizerOptions(method: method, biasCorrection: false))
        let outputs = Set(quantizer.floatGraph.outputs.map { quantizer.floatGraph.tensors[$0].name })
        var clipped = 0
        for tensor in quantizer.statistics.histograms.keys.sorted() {
            let name = quantizer.floatGraph.tensors[tensor].name
            guard let layer = model.layers.first(where: { $0.name == name }), !quantizer.floatGraph.inputs.contains(tensor) else { continue }
            let histogram = quantizer.statistics.histograms[tensor]!
            if outputs.contains(name) {
                #expect(layer.method == .minMax)
                // Class logits reach at least the score ceiling's logit.
                let isClass = DetectHeadCut.classLogits(quantizer.floatGraph).contains(tensor)
                let ceiling = isClass ? log(ModelQuantizer.classScoreCeiling / (1 - ModelQuantizer.classScoreCeiling)) : 0
                #expect(layer.low == min(histogram.minimum, 0) && layer.high == max(histogram.maximum, ceiling), "\(name)")
            } else {
                #expect(layer.method == method)
                if layer.high < histogram.maximum { clipped += 1 }
            }
        }
        #expect(clipped > 0, "the other activations keep \(method)'s clipping")
    }

    @Test("the report covers every materialized activation")
    func reportCoversTensors() throws {
        let quantizer = try SyntheticDetector.quantizer(size: 16)
        let model = try quantizer.quantize(QuantizerOptions())
        let report = try QuantizationReport(quantizer: quantizer, model: model, inputs: SyntheticDetector.inputs(size: 16, count: 1))
        let names = Set(report.entries.map(\.name))
        for output in model.graph.outputs { #expect(names.contains(model.graph.tensors[output].name)) }
        #expect(report.entries.allSatisfy { ($0.decibels ?? 100) > 20 })
    }

    @Test("a converted graph resized to another input size equals the one converted at that size")
    func resizingMatchesDirectConversion() throws {
        let quantizer = try SyntheticDetector.quantizer(size: 16)
        let ranges = quantizer.ranges(QuantizerOptions.defaultMethod)
        let small = try quantizer.quantize(QuantizerOptions(biasCorrection: false)).graph
        let resized = try small.resized(height: 24, width: 24)
        let direct = try Int8GraphEmitter(
            graph: DetectHeadCut.cut(SyntheticDetector.graph(size: 24)), ranges: ranges, perChannel: true
        ).emit().graph
        #expect(resized.outputs.map { resized.tensors[$0].shape } == direct.outputs.map { direct.tensors[$0].shape })
        let input = SyntheticDetector.inputs(size: 24, count: 1)[0]
        #expect(try SyntheticDetector.runInt8(resized, input) == SyntheticDetector.runInt8(direct, input))
    }

    @Test("resizing refuses sizes the graph cannot take")
    func resizingRefusesBadSizes() throws {
        let graph = try SyntheticDetector.quantizer(size: 16).quantize(QuantizerOptions()).graph
        #expect(throws: ModelLoadError.self) { try graph.resized(height: 0, width: 16) }
    }
}
