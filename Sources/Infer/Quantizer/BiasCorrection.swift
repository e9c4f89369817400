/// Empirical bias correction: int8 convolutions are biased per output channel
/// (rounded weights, clipped and rounded inputs), and the bias adds up layer
/// after layer. Comparing each convolution's mean int8 output per channel
/// with the float graph's on calibration images, and moving the int32 bias by
/// the difference, removes it. Repeated passes let later layers see the
/// corrected earlier ones.
///
/// The float reference is clamped to each output's int8 range first: clipping
/// is intended (outliers, and SiLU's flat tail below the pre-activation
/// range), only the error inside the range is corrected.
struct BiasCorrection {
    let floatGraph: Graph
    let executor: FloatExecutor
    /// The images to measure on, as float inputs.
    let inputs: [[Float]]

    func corrected(_ graph: Graph, passes: Int) throws(QuantizerError) -> Graph {
        var graph = graph
        let floatMeans = try clampedFloatMeans(graph)
        for _ in 0..<passes {
            let measured = try int8Means(graph)
            for (index, node) in graph.nodes.enumerated() {
                guard case .conv2D = node.op, node.inputs.count > 2, node.inputs[2] >= 0 else { continue }
                let output = graph.tensors[node.outputs[0]]
                guard let expected = floatMeans[output.name], let actual = measured[output.name] else { continue }
                var bias = graph.tensors[node.inputs[2]]
                guard let scales = bias.quantization?.scales, var values = bias.integerValues() else {
                    throw .node(index, node, "bias '\(bias.name)' is not a quantized int32 constant")
                }
                for channel in values.indices {
                    let shift = (actual[channel] - expected[channel]) / Double(scales[channel])
                    values[channel] = Int(Int32(clamping: values[channel] - Int(shift.rounded())))
                }
                bias.data = values.flatMap { value in withUnsafeBytes(of: Int32(value).littleEndian, Array.init) }
                graph.tensors[node.inputs[2]] = bias
            }
        }
        return graph
    }

    /// Mean float output per channel of every convolution, clamped to the
    /// range of its int8 counterpart in `graph`.
    private func clampedFloatMeans(_ graph: Graph) throws(QuantizerError) -> [String: [Double]] {
        var ranges: [String: ClosedRange<Float>] = [:]
        for node in graph.nodes {
            guard case .conv2D = node.op, let quantization = graph.tensors[node.outputs[0]].quantization else { continue }
            let (scale, zeroPoint) = (quantization.scale, Float(quantization.zeroPoint))
            ranges[graph.tensors[node.outputs[0]].name] = (scale * (-128 - zeroPoint))...(scale * (127 - zeroPoint))
        }
        var means: [String: ChannelMeans] = [:]
        for input in inputs {
            do {
                _ = try executor.run(input) { tensor, values in
                    let name = floatGraph.tensors[tensor].name
                    guard let range = ranges[name] else { return }
                    let clamped = values.map { min(max($0, range.lowerBound), range.upperBound) }
                    means[name, default: ChannelMeans(channels: floatGraph.tensors[tensor].shape.last!)].add(clamped)
                }
            } catch {
                throw QuantizerError("bias correction: float run failed: \(error)")
            }
        }
        return means.mapValues(\.means)
    }

    /// Mean dequantized output per channel of every convolution, unfused so
    /// that pre-activations are materialized.
    private func int8Means(_ graph: Graph) throws(QuantizerError) -> [String: [Double]] {
        let engine: Engine
        do {
            engine = try Engine(graph: graph, options: EngineOptions(fuseElementwise: false))
        } catch {
            throw QuantizerError("bias correction: the int8 graph cannot be prepared: \(error)")
        }
        var convolutionOutputs: Set<Int> = []
        for node in graph.nodes { if case .conv2D = node.op { convolutionOutputs.insert(node.outputs[0]) } }
        var means: [Int: ChannelMeans] = [:]
        let quantization = graph.tensors[graph.inputs[0]].quantization!
        for input in inputs {
            engine.setInput(input.map { QuantizationReport.quantize($0, quantization) })
            engine.run { tensor, bytes in
                guard convolutionOutputs.contains(tensor), let quantization = graph.tensors[tensor].quantization else { return }
                let values = bytes.map { quantization.scale * Float(Int32(Int8(bitPattern: $0)) - quantization.zeroPoint) }
                means[tensor, default: ChannelMeans(channels: graph.tensors[tensor].shape.last!)].add(values)
            }
        }
        return Dictionary(uniqueKeysWithValues: means.map { (graph.tensors[$0.key].name, $0.value.means) })
    }
}
