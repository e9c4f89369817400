import Infer

/// SQNR of every int8 tensor the engine materializes against the same
/// tensor of the float graph, over a set of inputs (`convert --report`).
public struct QuantizationReport: Sendable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var decibels: Double?
    }

    /// In int8 graph order.
    public private(set) var entries: [Entry]

    /// - Parameter inputs: float inputs (pixels / 255, NHWC) of the float graph's size.
    public init(quantizer: ModelQuantizer, model: QuantizedModel, inputs: [[Float]]) throws(QuantizerError) {
        let graph = model.graph
        let engine: Engine
        do {
            engine = try Engine(graph: graph)
        } catch {
            throw QuantizerError("the int8 graph cannot be prepared: \(error)")
        }
        let names = Set(graph.tensors.filter { $0.type == .int8 && !$0.isConstant }.map(\.name))
        var ratios: [Int: SignalToNoise] = [:]
        let input = graph.tensors[graph.inputs[0]].quantization!
        for values in inputs {
            let reference = try quantizer.floatTensors(values, named: names)
            engine.setInput(values.map(input.quantize))
            engine.run { tensor, bytes in
                guard let expected = reference[graph.tensors[tensor].name], expected.count == bytes.count,
                    let quantization = graph.tensors[tensor].quantization
                else { return }
                let test = bytes.map { quantization.dequantize(Int8(bitPattern: $0)) }
                ratios[tensor, default: SignalToNoise()].add(reference: expected, test: test)
            }
        }
        entries = ratios.keys.sorted().map { Entry(name: graph.tensors[$0].name, decibels: ratios[$0]!.decibels) }
    }
}
