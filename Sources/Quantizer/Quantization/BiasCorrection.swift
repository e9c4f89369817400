import Infer

/// Sequential empirical bias correction of an int8 graph's convolutions.
///
/// Rounding and clipping upstream (SiLU tables, calibrated ranges that cut
/// off tails) shift the mean of each convolution's int8 input away from the
/// float graph's. For each convolution, the mean of its pre-activation output
/// per channel is computed from the int8 engine's actual input
/// (`ConvolutionInputMeans`) and compared with the float graph's mean on the
/// same calibration images; the difference goes into the int32 bias.
///
/// Sequential: convolutions are corrected in order of their depth in the
/// graph (the longest chain of convolutions before them), and every depth is
/// measured with all shallower convolutions already corrected, so a
/// downstream layer compensates only what is left upstream, never an error
/// that an upstream correction already removed.
enum BiasCorrection {
    /// - Parameters:
    ///   - floatMeans: per-channel mean of each convolution's float output, by tensor name.
    ///   - inputs: the calibration inputs as int8 levels of the graph input.
    ///   - progress: called with (depths done, depths) before and after each depth.
    static func corrected(
        _ graph: Graph, floatMeans: [String: [Double]], inputs: [[Int8]], progress: (Int, Int) -> Void
    ) throws(QuantizerError) -> Graph {
        var graph = graph
        let levels = convolutionLevels(graph)
        let depths = Set(levels.values).sorted()
        progress(0, depths.count)
        for (done, level) in depths.enumerated() {
            let targets = levels.filter { $0.value == level }.keys.sorted()
            let windows = try targets.map { node throws(QuantizerError) in try window(of: node, in: graph) }
            var means = windows.map { ConvolutionInputMeans(window: $0.window) }
            try measure(graph, sources: windows.map(\.source), inputs: inputs) { position, levels in
                means[position].add(levels, zeroPoint: graph.tensors[windows[position].source].quantization!.zeroPoint)
            }
            for (position, node) in targets.enumerated() {
                try correct(&graph, node: node, inputMeans: means[position].means, floatMeans: floatMeans)
            }
            progress(done + 1, depths.count)
        }
        return graph
    }

    /// Each convolution node's depth: 1 + the deepest convolution it reads from.
    static func convolutionLevels(_ graph: Graph) -> [Int: Int] {
        var depth: [Int: Int] = [:], levels: [Int: Int] = [:]
        for (index, node) in graph.nodes.enumerated() {
            var level = node.inputs.compactMap { depth[$0] }.max() ?? 0
            if case .conv2D = node.op {
                level += 1
                levels[index] = level
            }
            for output in node.outputs { depth[output] = level }
        }
        return levels
    }

    /// Runs the part of `graph` that computes `sources` on every input and
    /// hands each source's int8 values, by position, to `observe`.
    private static func measure(
        _ graph: Graph, sources: [Int], inputs: [[Int8]], observe: (Int, [Int8]) -> Void
    ) throws(QuantizerError) {
        let computed = Array(Set(sources.filter { !graph.inputs.contains($0) })).sorted()
        var engine: Engine?
        var tensorMap: [Int: Int] = [:]
        if !computed.isEmpty {
            var partial = graph
            partial.outputs = computed
            let pruned = GraphPruning.pruned(partial)
            tensorMap = pruned.tensorMap
            do {
                engine = try Engine(graph: pruned.graph)
            } catch {
                throw QuantizerError("bias correction: the int8 graph cannot be prepared: \(error)")
            }
        }
        for input in inputs {
            engine?.setInput(input)
            engine?.run()
            for (position, source) in sources.enumerated() {
                if let engine, let mapped = tensorMap[source], !graph.inputs.contains(source) {
                    observe(position, engine.contents(of: mapped).map { Int8(bitPattern: $0) })
                } else {
                    observe(position, input)
                }
            }
        }
    }

    /// Where a convolution reads from (through any PADs, which the engine
    /// folds into it and so never materializes) and its window on that tensor.
    static func window(of index: Int, in graph: Graph) throws(QuantizerError) -> (source: Int, window: ConvolutionInputMeans.Window) {
        let node = graph.nodes[index]
        guard case .conv2D(let options) = node.op else { throw .node(index, node, "is not a convolution") }
        var source = node.inputs[0], padTop = 0, padLeft = 0
        while let pad = graph.nodes.first(where: { $0.outputs.contains(source) }), pad.op == .pad {
            guard let paddings = graph.tensors[pad.inputs[1]].integerValues(), paddings.count == 8 else {
                throw .node(index, node, "reads a PAD without constant [4, 2] paddings")
            }
            padTop += paddings[2]
            padLeft += paddings[4]
            source = pad.inputs[0]
        }
        let padded = graph.tensors[node.inputs[0]].shape, filter = graph.tensors[node.inputs[1]].shape
        let input = graph.tensors[source].shape, output = graph.tensors[node.outputs[0]].shape
        if options.padding == .same {
            padTop += WindowPaddingMath.samePadBefore(
                input: padded[1], output: output[1], kernel: filter[1], stride: options.strideH, dilation: options.dilationH)
            padLeft += WindowPaddingMath.samePadBefore(
                input: padded[2], output: output[2], kernel: filter[2], stride: options.strideW, dilation: options.dilationW)
        }
        return (source, ConvolutionInputMeans.Window(
            height: input[1], width: input[2], channels: input[3], kernelHeight: filter[1], kernelWidth: filter[2],
            strideH: options.strideH, strideW: options.strideW, dilationH: options.dilationH, dilationW: options.dilationW,
            padTop: padTop, padLeft: padLeft, outputHeight: output[1], outputWidth: output[2]))
    }

    /// Moves a convolution's int32 bias so that its int8 pre-activation mean
    /// per channel equals the float mean.
    private static func correct(
        _ graph: inout Graph, node index: Int, inputMeans: [Double], floatMeans: [String: [Double]]
    ) throws(QuantizerError) {
        let node = graph.nodes[index]
        let name = graph.tensors[node.outputs[0]].name
        let filter = graph.tensors[node.inputs[1]], biasTensor = graph.tensors[node.inputs[2]]
        let channels = filter.shape[0], taps = filter.elementCount / channels
        guard let expected = floatMeans[name], expected.count == channels else {
            throw .node(index, node, "has no float output means for '\(name)'")
        }
        guard let weights = filter.data, let bias = biasTensor.integerValues(), let scales = biasTensor.quantization?.scales,
            bias.count == channels, scales.count == channels, inputMeans.count == taps
        else {
            throw .node(index, node, "needs an int8 filter and an int32 bias per output channel")
        }
        var corrected: [Int32] = []
        for channel in 0..<channels {
            var mean = Double(bias[channel])
            for tap in 0..<taps { mean += Double(Int8(bitPattern: weights[channel * taps + tap])) * inputMeans[tap] }
            let target = expected[channel] / Double(scales[channel])
            corrected.append(Int32(clamping: Int64((Double(bias[channel]) + target - mean).rounded())))
        }
        graph.tensors[node.inputs[2]].data = WeightQuantizer.bytes(corrected)
    }
}
