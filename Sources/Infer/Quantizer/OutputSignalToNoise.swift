/// How closely an int8 graph's outputs follow the float graph's: the mean,
/// over the graph outputs (the head's box and class logits), of each output's
/// SQNR in dB over a set of inputs. Quantization choices that change every
/// layer at once (bias correction) are judged by it on calibration inputs.
enum OutputSignalToNoise {
    /// - Parameter inputs: int8 levels of the graph input; the float graph gets them dequantized.
    static func meanDecibels(
        of graph: Graph, against executor: FloatExecutor, inputs: [[Int8]]
    ) throws(QuantizerError) -> Double {
        let engine: Engine
        do {
            engine = try Engine(graph: graph)
        } catch {
            throw QuantizerError("the int8 graph cannot be prepared: \(error)")
        }
        let input = ModelQuantizer.inputQuantization
        var ratios = [SignalToNoise](repeating: SignalToNoise(), count: graph.outputs.count)
        for levels in inputs {
            let expected: [[Float]]
            do {
                expected = try executor.run(levels.map { input.scale * Float(Int32($0) - input.zeroPoint) })
            } catch {
                throw QuantizerError("float run failed: \(error)")
            }
            engine.setInput(levels)
            engine.run()
            for position in ratios.indices {
                let quantization = graph.tensors[graph.outputs[position]].quantization!
                let actual = engine.withInt8Output(position) { values in
                    values.map { quantization.scale * Float(Int32($0) - quantization.zeroPoint) }
                }
                ratios[position].add(reference: expected[position], test: actual)
            }
        }
        let decibels = ratios.compactMap(\.decibels)
        return decibels.reduce(0, +) / Double(max(decibels.count, 1))
    }
}
