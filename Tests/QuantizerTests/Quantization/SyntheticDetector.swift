import TestSupport

@testable import Infer
@testable import Quantizer

/// A small float graph shaped like YOLOv8 at any size that is a multiple of 4:
/// SiLU convolutions, a stride-2 stage, max pool, upsample, concat, channel
/// slice and a residual add, then a detect head per scale (box convolution →
/// DFL-like softmax, class convolution → sigmoid). Weights are seeded random.
struct SyntheticDetector {
    static let bins = 2, classes = 3, channels = 8

    /// The float graph for a `size`x`size` input.
    static func graph(size: Int, seed: UInt64 = 7) -> Graph {
        var random = SeededGenerator(seed: seed)
        var builder = FloatGraphBuilder()
        let half = size / 2
        func weights(_ count: Int, _ spread: Float) -> [Float] { (0..<count).map { _ in Float.random(in: -spread...spread, using: &random) } }
        func conv(_ input: Int, _ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int, out: Int, silu: Bool) -> Int {
            let filter = builder.constant([outChannels, kernel, kernel, inChannels], weights(outChannels * kernel * kernel * inChannels, 0.4))
            let bias = builder.constant([outChannels], weights(outChannels, 0.5))
            let result = builder.activation([1, out, out, outChannels])
            builder.add(.conv2D(Conv2DOptions(padding: .same, strideH: stride, strideW: stride)), [input, filter, bias], result)
            guard silu else { return result }
            let sigmoid = builder.activation([1, out, out, outChannels])
            builder.add(.logistic, [result], sigmoid)
            let activated = builder.activation([1, out, out, outChannels])
            builder.add(.mul(.none), [result, sigmoid], activated)
            return activated
        }
        let c = channels
        let input = builder.activation([1, size, size, 3])
        let a = conv(input, 3, c, kernel: 3, stride: 1, out: size, silu: true)
        let b = conv(a, c, c, kernel: 3, stride: 2, out: half, silu: true)
        let pooled = builder.activation([1, half, half, c])
        builder.add(.maxPool2D(Pool2DOptions(padding: .same, strideH: 1, strideW: 1, filterH: 3, filterW: 3)), [b], pooled)
        let upsampled = builder.activation([1, size, size, c])
        builder.add(.resizeNearestNeighbor(ResizeOptions()), [pooled, builder.integers([size, size])], upsampled)
        let joined = builder.activation([1, size, size, 2 * c])
        builder.add(.concatenation(axis: 3, activation: .none), [a, upsampled], joined)
        let upper = builder.activation([1, size, size, c])
        builder.add(.stridedSlice(StridedSliceOptions()),
                    [joined, builder.integers([0, 0, 0, c]), builder.integers([1, size, size, 2 * c]), builder.integers([1, 1, 1, 1])], upper)
        let residual = builder.activation([1, size, size, c])
        builder.add(.add(.none), [upper, a], residual)
        var outputs: [Int] = []
        for (feature, extent) in [(residual, size), (b, half)] {
            let box = conv(feature, c, 4 * bins, kernel: 1, stride: 1, out: extent, silu: false)
            let distribution = builder.activation([1, extent, extent, 4 * bins])
            builder.add(.softmax(beta: 1), [box], distribution)
            let scores = conv(feature, c, classes, kernel: 1, stride: 1, out: extent, silu: false)
            let probabilities = builder.activation([1, extent, extent, classes])
            builder.add(.logistic, [scores], probabilities)
            outputs += [distribution, probabilities]
        }
        return Graph(tensors: builder.tensors, nodes: builder.nodes, inputs: [input], outputs: outputs)
    }

    /// Seeded pixel-like inputs (0...1, on the 1/255 grid like letterboxed images).
    static func inputs(size: Int, count: Int, seed: UInt64 = 11) -> [[Float]] {
        var random = SeededGenerator(seed: seed)
        return (0..<count).map { _ in (0..<(size * size * 3)).map { _ in Float(Int.random(in: 0...255, using: &random)) / 255 } }
    }

    static func quantizer(size: Int, calibration: Int = 4) throws -> ModelQuantizer {
        var quantizer = try ModelQuantizer(floatGraph: graph(size: size))
        for input in inputs(size: size, count: calibration) { try quantizer.calibrate(input) }
        return quantizer
    }

    /// The int8 engine's graph outputs for `input`, dequantized.
    static func runInt8(_ graph: Graph, _ input: [Float]) throws -> [[Float]] {
        let engine = try Engine(graph: graph)
        engine.setInput(input.map(ModelQuantizer.inputQuantization.quantize))
        engine.run()
        return graph.outputs.indices.map { position in
            let quantization = graph.tensors[graph.outputs[position]].quantization!
            return engine.withInt8Output(position) { values in
                (0..<values.count).map { quantization.scale * Float(Int32(values[$0]) - quantization.zeroPoint) }
            }
        }
    }
}
