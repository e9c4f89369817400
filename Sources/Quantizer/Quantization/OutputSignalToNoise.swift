import Infer

/// How closely int8 graphs' outputs follow the float graph's on a fixed set
/// of inputs: for each graph, the mean, over its outputs (the head's box and
/// class logits), of each output's SQNR in dB over the inputs. Quantization
/// choices that change the whole model (bias correction, `RangeSearch`) are
/// judged by it on calibration inputs. The float outputs, the costly part,
/// are computed once, when it is made.
struct OutputSignalToNoise {
    /// Int8 levels of the graph input; the float graph got them dequantized.
    let inputs: [[Int8]]
    /// By input, then by graph output.
    private let expected: [[[Float]]]

    init(floatExecutor executor: FloatExecutor, inputs: [[Int8]]) throws(QuantizerError) {
        self.inputs = inputs
        let input = ModelQuantizer.inputQuantization
        var expected: [[[Float]]] = []
        for levels in inputs {
            do {
                expected.append(try executor.run(levels.map(input.dequantize)))
            } catch {
                throw QuantizerError("float run failed: \(error)")
            }
        }
        self.expected = expected
    }

    /// One mean per graph, in the order of `graphs`.
    func meanDecibels(of graphs: [Graph]) throws(QuantizerError) -> [Double] {
        let engines: [Engine]
        do {
            engines = try graphs.map { graph throws(EngineError) in try Engine(graph: graph) }
        } catch {
            throw QuantizerError("the int8 graph cannot be prepared: \(error)")
        }
        var ratios = graphs.map { [SignalToNoise](repeating: SignalToNoise(), count: $0.outputs.count) }
        for (levels, outputs) in zip(inputs, expected) {
            for (index, (graph, engine)) in zip(graphs, engines).enumerated() {
                engine.setInput(levels)
                engine.run()
                for position in ratios[index].indices {
                    let quantization = graph.tensors[graph.outputs[position]].quantization!
                    let actual = engine.withInt8Output(position) { output in (0..<output.count).map { quantization.dequantize(output[$0]) } }
                    ratios[index][position].add(reference: outputs[position], test: actual)
                }
            }
        }
        return ratios.map { graphRatios in
            let decibels = graphRatios.compactMap(\.decibels)
            return decibels.reduce(0, +) / Double(max(decibels.count, 1))
        }
    }
}
