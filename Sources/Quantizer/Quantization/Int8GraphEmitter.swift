import Infer

/// Turns a float IR graph and its activation ranges into the int8 graph the
/// engine runs: activations asymmetric int8 per tensor, convolution weights
/// symmetric int8 (per output channel or per tensor), int32 biases, and each
/// SiLU (LOGISTIC then MUL in the float graph) as one exact LOOKUP_TABLE.
/// Depthwise convolutions take the same weights and biases; SOFTMAX writes
/// TFLite's fixed output parameters, and a scale multiplied into its input
/// goes into its beta (`SoftmaxScaleFolding`); any other product by a scalar
/// is a LOOKUP_TABLE.
///
/// Data movement (pad, pool, slice, resize, reshape, transpose) keeps its
/// input's parameters, so it stays a copy. A concatenation copies too: an
/// input computed only for it (a convolution, SiLU or add output) is produced
/// directly in the concatenation's range; any other input whose parameters
/// differ goes through an int8 → int8 QUANTIZE (an integer table) first.
struct Int8GraphEmitter {

    let graph: Graph
    let ranges: [Int: QuantizationRange]
    let perChannel: Bool

    /// The int8 graph, and for each activation (by float tensor index) the
    /// range it was given.
    func emit() throws(QuantizerError) -> (graph: Graph, ranges: [Int: QuantizationRange]) {
        let silu = try siluPairs()
        let scaledSoftmaxes = SoftmaxScaleFolding(graph)
        let adopted = concatenationRanges()
        var tensors = graph.tensors
        var used: [Int: QuantizationRange] = [:]
        func parameters(_ tensor: Int) -> (scale: Float, zeroPoint: Int32) {
            let quantization = tensors[tensor].quantization!
            return (quantization.scale, quantization.zeroPoint)
        }
        func assign(_ tensor: Int, _ range: QuantizationRange) {
            used[tensor] = range
            let (scale, zeroPoint) = range.asymmetricInt8
            tensors[tensor].type = .int8
            tensors[tensor].quantization = Quantization(scale: scale, zeroPoint: zeroPoint)
        }
        func share(_ tensor: Int, from source: Int) {
            used[tensor] = used[source]
            tensors[tensor].type = .int8
            tensors[tensor].quantization = tensors[source].quantization
        }

        let input = graph.inputs[0]
        tensors[input].type = .int8
        tensors[input].quantization = ModelQuantizer.inputQuantization
        used[input] = QuantizationRange(low: 0, high: 1)

        var nodes: [Node] = []
        /// A LOOKUP_TABLE node computing `function` from `input` into `output`, at their parameters.
        func appendTable(from input: Int, to output: Int, named suffix: String, _ function: (Double) -> Double) {
            let table = ActivationTable.table(input: parameters(input), output: parameters(output), function)
            tensors.append(Tensor(
                name: "\(graph.tensors[output].name)/\(suffix)", type: .int8, shape: [256],
                data: table.map { UInt8(bitPattern: $0) }))
            nodes.append(Node(op: .lookupTable, inputs: [input, tensors.count - 1], outputs: [output]))
        }
        for (index, node) in graph.nodes.enumerated() {
            let output = node.outputs[0]
            func range(_ tensor: Int) throws(QuantizerError) -> QuantizationRange {
                guard let range = adopted[tensor] ?? ranges[tensor] else {
                    throw .node(index, node, "no calibration range for '\(graph.tensors[tensor].name)'")
                }
                return range
            }
            switch node.op {
            case .conv2D, .depthwiseConv2D:
                if let activation = silu.byInput[output] {
                    try assign(activation, range(activation))
                    assign(output, Self.siluInputRange(try range(output), outputScale: parameters(activation).scale))
                } else {
                    try assign(output, range(output))
                }
                var converted = node
                converted.inputs = try convolutionOperands(node, index, &tensors, inputScale: parameters(node.inputs[0]).scale)
                nodes.append(converted)
            case .logistic where silu.logistics.contains(index):
                continue
            case .mul where scaledSoftmaxes.foldedProducts.contains(index):
                continue
            case .softmax(let beta):
                // The int8 SOFTMAX writes probabilities at scale 1/256 from zero point -128.
                assign(output, QuantizationRange(low: 0, high: 255.0 / 256))
                var converted = node
                if let scaled = scaledSoftmaxes.scaledInputs[index] {
                    converted.op = .softmax(beta: beta * scaled.factor)
                    converted.inputs = [scaled.input]
                }
                nodes.append(converted)
            case .batchMatMul:
                try assign(output, range(output))
                nodes.append(node)
            case .mul where silu.byOutput[output] != nil:
                let preActivation = silu.byOutput[output]!
                appendTable(from: preActivation, to: output, named: "silu_table", ActivationTable.silu)
            case .mul(.none) where ScalarProduct(node, in: graph) != nil:
                // Any other product by a scalar is a table too, exact like SiLU's.
                let product = ScalarProduct(node, in: graph)!
                try assign(output, range(output))
                appendTable(from: product.input, to: output, named: "table") { $0 * Double(product.factor) }
            case .pad, .maxPool2D, .stridedSlice, .resizeNearestNeighbor, .reshape, .transpose:
                share(output, from: node.inputs[0])
                nodes.append(node)
            case .add(.none):
                try assign(output, range(output))
                nodes.append(node)
            case .concatenation(_, .none):
                let first = tensors[node.inputs[0]].quantization
                if node.inputs.allSatisfy({ tensors[$0].quantization == first }) {
                    share(output, from: node.inputs[0])
                    nodes.append(node)
                    continue
                }
                try assign(output, range(output))
                var converted = node
                for (position, input) in node.inputs.enumerated() where tensors[input].quantization != tensors[output].quantization {
                    var requantized = tensors[input]
                    requantized.name += "/requantized"
                    requantized.quantization = tensors[output].quantization
                    tensors.append(requantized)
                    nodes.append(Node(op: .quantize, inputs: [input], outputs: [tensors.count - 1]))
                    converted.inputs[position] = tensors.count - 1
                }
                nodes.append(converted)
            default:
                throw .node(index, node, "has no int8 form in the quantizer (the detect head is cut before decoding)")
            }
        }
        for (index, tensor) in tensors.enumerated() where tensor.type == .float32 && tensor.isConstant {
            if nodes.contains(where: { $0.inputs.contains(index) }) {
                throw QuantizerError("float constant '\(tensor.name)' \(tensor.shape) is used outside a convolution")
            }
        }
        let int8 = Graph(tensors: tensors, nodes: nodes, inputs: graph.inputs, outputs: graph.outputs, metadata: graph.metadata)
        return (GraphPruning.pruned(int8).graph, used)
    }

    /// The concatenation output's range for each concatenation input that is
    /// read by nothing else and computed by an op that can write any scale.
    private func concatenationRanges() -> [Int: QuantizationRange] {
        var consumers: [Int: Int] = [:], producers: [Int: Operator] = [:]
        for node in graph.nodes {
            for input in node.inputs where input >= 0 { consumers[input, default: 0] += 1 }
            producers[node.outputs[0]] = node.op
        }
        var adopted: [Int: QuantizationRange] = [:]
        for node in graph.nodes {
            guard case .concatenation = node.op, let range = ranges[node.outputs[0]] else { continue }
            for input in node.inputs where consumers[input] == 1 && !graph.outputs.contains(input) {
                switch producers[input] {
                case .conv2D?, .mul?, .add?: adopted[input] = range
                default: continue
                }
            }
        }
        return adopted
    }

    /// Replaces the float filter and bias of a convolution with int8 and int32 constants.
    private func convolutionOperands(
        _ node: Node, _ index: Int, _ tensors: inout [Tensor], inputScale: Float
    ) throws(QuantizerError) -> [Int] {
        let filterIndex = node.inputs[1]
        let filter = graph.tensors[filterIndex]
        guard let weights = filter.floatValues(), filter.shape.count == 4 else {
            throw .node(index, graph.nodes[index], "filter '\(filter.name)' is not a constant float32 OHWI tensor")
        }
        let (values, quantization) = WeightQuantizer.filter(weights, shape: filter.shape, perChannel: perChannel)
        tensors.append(Tensor(
            name: filter.name, type: .int8, shape: filter.shape, quantization: quantization,
            data: values.map { UInt8(bitPattern: $0) }))
        var inputs = [node.inputs[0], tensors.count - 1]
        let channels = filter.shape[0]
        let floatBias: [Float]
        if node.inputs.count > 2, node.inputs[2] >= 0 {
            guard let values = graph.tensors[node.inputs[2]].floatValues(), values.count == channels else {
                throw .node(index, graph.nodes[index], "bias '\(graph.tensors[node.inputs[2]].name)' is not \(channels) float32 values")
            }
            floatBias = values
        } else {
            floatBias = Array(repeating: 0, count: channels)
        }
        let bias = WeightQuantizer.bias(floatBias, inputScale: inputScale, filterScales: quantization.scales)
        tensors.append(Tensor(
            name: "\(filter.name)/bias", type: .int32, shape: [channels], quantization: bias.quantization,
            data: WeightQuantizer.bytes(bias.values)))
        inputs.append(tensors.count - 1)
        return inputs
    }

    /// CONV_2D and DEPTHWISE_CONV_2D, whose weights, biases and SiLU are emitted alike.
    private static func isConvolution(_ op: Operator) -> Bool {
        switch op {
        case .conv2D, .depthwiseConv2D: true
        default: false
        }
    }

    /// A convolution's output range when SiLU follows: no lower than where
    /// SiLU is flat at the activation's output scale.
    static func siluInputRange(_ range: QuantizationRange, outputScale: Float) -> QuantizationRange {
        QuantizationRange(low: max(range.low, ActivationTable.siluFlatBelow(outputScale: outputScale)), high: range.high)
    }

    /// SiLU written as `x · sigmoid(x)` on a convolution output x.
    private struct SiLUPairs {
        /// Pre-activation tensor → SiLU output tensor, and back.
        var byInput: [Int: Int] = [:]
        var byOutput: [Int: Int] = [:]
        var logistics: Set<Int> = []
    }

    private func siluPairs() throws(QuantizerError) -> SiLUPairs {
        var consumers: [Int: [Int]] = [:]
        for (index, node) in graph.nodes.enumerated() { for input in node.inputs where input >= 0 { consumers[input, default: []].append(index) } }
        var producers: [Int: Node] = [:]
        for node in graph.nodes { producers[node.outputs[0]] = node }
        var pairs = SiLUPairs()
        for (index, node) in graph.nodes.enumerated() {
            guard case .logistic = node.op else { continue }
            let x = node.inputs[0], sigmoid = node.outputs[0]
            let readers = consumers[sigmoid] ?? []
            // x feeds nothing else: its range may then be clipped where SiLU is flat.
            guard readers.count == 1, case .mul(.none) = graph.nodes[readers[0]].op,
                Set(graph.nodes[readers[0]].inputs) == [x, sigmoid], consumers[x]?.count == 2,
                producers[x].map({ Self.isConvolution($0.op) }) ?? false
            else {
                throw .node(index, node, "only SiLU (x · sigmoid(x) on a convolution output read by nothing else) has an int8 form")
            }
            let output = graph.nodes[readers[0]].outputs[0]
            pairs.byInput[x] = output
            pairs.byOutput[output] = x
            pairs.logistics.insert(index)
        }
        return pairs
    }
}
