import Infer

/// How closely int8 graphs' outputs follow the float graph's: for each graph,
/// the mean, over its outputs (the head's box and class logits), of each
/// output's SQNR in dB over a set of inputs. Quantization choices that change
/// every layer at once (bias correction) are judged by it on calibration
/// inputs. The graphs are compared on one float run per input, the costly part.
enum OutputSignalToNoise {
    /// - Parameter inputs: int8 levels of the graph input; the float graph gets them dequantized.
    /// - Returns: one mean per graph, in the order of `graphs`.
    static func meanDecibels(
        of graphs: [Graph], against executor: FloatExecutor, inputs: [[Int8]]
    ) throws(QuantizerError) -> [Double] {
        let engines: [Engine]
        do {
            engines = try graphs.map { graph throws(EngineError) in try Engine(graph: graph) }
        } catch {
            throw QuantizerError("the int8 graph cannot be prepared: \(error)")
        }
        let input = ModelQuantizer.inputQuantization
        var ratios = graphs.map { [SignalToNoise](repeating: SignalToNoise(), count: $0.outputs.count) }
        for levels in inputs {
            let expected: [[Float]]
            do {
                expected = try executor.run(levels.map(input.dequantize))
            } catch {
                throw QuantizerError("float run failed: \(error)")
            }
            for (index, (graph, engine)) in zip(graphs, engines).enumerated() {
                engine.setInput(levels)
                engine.run()
                for position in ratios[index].indices {
                    let quantization = graph.tensors[graph.outputs[position]].quantization!
                    let actual = engine.withInt8Output(position) { output in (0..<output.count).map { quantization.dequantize(output[$0]) } }
                    ratios[index][position].add(reference: expected[position], test: actual)
                }
            }
        }
        return ratios.map { graphRatios in
            let decibels = graphRatios.compactMap(\.decibels)
            return decibels.reduce(0, +) / Double(max(decibels.count, 1))
        }
    }
}
