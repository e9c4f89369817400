import TestSupport
import Testing

@testable import Infer
@testable import Quantizer

/// Sequential bias correction: the convolution input means it rests on, the
/// order it corrects in, and its effect on the int8 graph's output means.
@Suite struct BiasCorrectionTests {
    /// A convolution's output mean is its bias plus each weight times the
    /// mean input under that weight, so the two must agree to float rounding
    /// (1e-4 on means of order 1) for any padding and stride.
    @Test("bias + Σ weight · tap mean equals the mean of the float convolution output, through PAD and SAME padding")
    func tapMeansGiveOutputMeans() throws {
        var random = SeededGenerator(seed: 5)
        var builder = FloatGraphBuilder()
        let input = builder.activation([1, 7, 9, 3])
        let padded = builder.activation([1, 8, 12, 3])
        builder.add(.pad, [input, builder.integers([0, 0, 1, 0, 2, 1, 0, 0])], padded)
        let weights = (0..<(4 * 3 * 3 * 3)).map { _ in Float.random(in: -1...1, using: &random) }
        let bias: [Float] = [0.5, -0.25, 1, 0]
        let output = builder.activation([1, 4, 6, 4])
        builder.add(
            .conv2D(Conv2DOptions(padding: .same, strideH: 2, strideW: 2)),
            [padded, builder.constant([4, 3, 3, 3], weights), builder.constant([4], bias)], output)
        let graph = Graph(tensors: builder.tensors, nodes: builder.nodes, inputs: [input], outputs: [output])

        let (scale, zeroPoint): (Float, Int32) = (0.1, -5)
        let levels = (0..<(7 * 9 * 3)).map { _ in Int8.random(in: -128...127, using: &random) }
        let values = try builder.run(input: input, output: output, levels.map { scale * Float(Int32($0) - zeroPoint) })

        let (source, window) = try BiasCorrection.window(of: 1, in: graph)
        #expect(source == input)
        #expect(window.padTop == 1 && window.padLeft == 2)
        var means = ConvolutionInputMeans(window: window)
        means.add(levels, zeroPoint: zeroPoint)
        let taps = means.means
        for channel in 0..<4 {
            let expected = stride(from: channel, to: values.count, by: 4).reduce(0) { $0 + Double(values[$1]) } / 24
            var predicted = Double(bias[channel])
            for tap in taps.indices { predicted += Double(weights[channel * taps.count + tap]) * Double(scale) * taps[tap] }
            #expect(abs(predicted - expected) < 1e-4, "channel \(channel): \(predicted) against \(expected)")
        }
    }

    @Test("convolutions are ordered by the longest chain of convolutions before them")
    func levels() throws {
        let graph = try DetectHeadCut.cut(SyntheticDetector.graph(size: 16))
        let levels = BiasCorrection.convolutionLevels(graph)
        // a (reads the input), b (reads a), then the four head convolutions
        // (the residual branch reads a and, through pool and upsample, b).
        #expect(levels.values.sorted() == [1, 2, 3, 3, 3, 3])
    }

    /// The head outputs' mean error per channel on the calibration inputs,
    /// int8 against float, averaged over channels.
    static func meanOutputError(_ model: QuantizedModel, _ quantizer: ModelQuantizer, _ inputs: [[Float]]) throws -> Double {
        let executor = try FloatExecutor(graph: quantizer.floatGraph)
        var differences: [[Double]] = []
        for input in inputs {
            let expected = try executor.run(input)
            let actual = try SyntheticDetector.runInt8(model.graph, input)
            for (position, (reference, test)) in zip(expected, actual).enumerated() {
                let channels = model.graph.tensors[model.graph.outputs[position]].shape[3]
                if differences.count <= position { differences.append(Array(repeating: 0, count: channels)) }
                for index in reference.indices {
                    differences[position][index % channels] += Double(test[index] - reference[index]) / Double(reference.count / channels * inputs.count)
                }
            }
        }
        let all = differences.flatMap { $0 }
        return all.reduce(0) { $0 + abs($1) } / Double(all.count)
    }

    /// What is left after correction is output rounding and clamping: measured
    /// 0.0024 → 0.00014 (17×); without correction the ratio is 1.
    @Test("correction changes the int32 biases and cuts the head outputs' mean error on the calibration inputs")
    func reducesMeanError() throws {
        let quantizer = try SyntheticDetector.quantizer(size: 16)
        let plain = try quantizer.quantize(QuantizerOptions(biasCorrection: false))
        let corrected = try quantizer.quantize(QuantizerOptions(biasCorrection: true))
        try IntegerOnlyCheck.verify(corrected.graph)
        #expect(plain.biasCorrection == nil)
        let outcome = try #require(corrected.biasCorrection)
        #expect(outcome.isKept && outcome.decibelsAfter > outcome.decibelsBefore && outcome.imageCount == 4)
        let biases = { (graph: Graph) in
            graph.nodes.filter { if case .conv2D = $0.op { true } else { false } }.map { graph.tensors[$0.inputs[2]].integerValues()! }
        }
        #expect(biases(plain.graph) != biases(corrected.graph))
        let calibration = SyntheticDetector.inputs(size: 16, count: 4)
        let before = try Self.meanOutputError(plain, quantizer, calibration)
        let after = try Self.meanOutputError(corrected, quantizer, calibration)
        #expect(after < 0.2 * before, "mean error \(before) → \(after)")
    }
}
