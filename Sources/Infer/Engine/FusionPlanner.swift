/// Finds the chains of int8→int8 elementwise nodes (SiLU = LOGISTIC then MUL)
/// that can be folded into the output stage of the convolution producing
/// their input, as one 256-entry table; or into the table of a node that is a
/// table itself (the head's class LOGISTIC, then its QUANTIZE).
///
/// A chain qualifies when every node's non-constant inputs are computed from
/// the producer's output alone, and no tensor inside the chain is read by
/// anything else or is a graph output: then only the chain's final tensor is
/// materialized, and the result is bit-identical to running the nodes.
///
/// It also finds the spatial PADs that a convolution can apply itself (see
/// `padFolded(into:)`).
struct FusionPlanner {
    let graph: Graph
    /// consumers[t]: the nodes that read tensor t.
    let consumers: [[Int]]

    init(graph: Graph) {
        self.graph = graph
        var consumers = [[Int]](repeating: [], count: graph.tensors.count)
        for (index, node) in graph.nodes.enumerated() {
            for input in node.inputs where input >= 0 && !consumers[input].contains(index) {
                consumers[input].append(index)
            }
        }
        self.consumers = consumers
    }

    /// The PAD producing the input of convolution `conv`, when the convolution
    /// can read the PAD's input and pad it itself: the PAD pads only height
    /// and width, keeps the quantization (so its border is the zero point,
    /// as the convolution's own padding), and nothing else reads its output.
    func padFolded(into conv: Int) -> (pad: Int, input: Int, padding: InputPadding)? {
        let convNode = graph.nodes[conv]
        guard case .conv2D = convNode.op, let padded = convNode.inputs.first, padded >= 0,
              consumers[padded] == [conv], !graph.outputs.contains(padded),
              let pad = graph.nodes.firstIndex(where: { $0.outputs.contains(padded) }),
              case .pad = graph.nodes[pad].op, graph.nodes[pad].inputs.count == 2
        else { return nil }
        let input = graph.nodes[pad].inputs[0], paddings = graph.nodes[pad].inputs[1]
        guard input >= 0, paddings >= 0, graph.tensors[paddings].isConstant,
              let amounts = graph.tensors[paddings].integerValues(), amounts.count == 8,
              amounts[0] == 0, amounts[1] == 0, amounts[6] == 0, amounts[7] == 0, amounts.allSatisfy({ $0 >= 0 }),
              graph.tensors[input].type == .int8, graph.tensors[padded].type == .int8,
              graph.tensors[input].quantization == graph.tensors[padded].quantization
        else { return nil }
        return (pad, input, InputPadding(top: amounts[2], bottom: amounts[3], left: amounts[4], right: amounts[5]))
    }

    /// The longest valid chain fed by the output of `producer`, or nil.
    func chain(after producer: Int) -> (nodes: [Int], output: Int)? {
        let producerNode = graph.nodes[producer]
        guard KernelFactory.takesEpilogue(producerNode, in: graph), producerNode.outputs.count == 1 else { return nil }
        let start = producerNode.outputs[0]
        guard graph.tensors[start].type == .int8 else { return nil }

        var reachable: Set<Int> = [start]
        var chain: [Int] = []
        for index in (producer + 1)..<graph.nodes.count {
            let node = graph.nodes[index]
            let reads = node.inputs.contains { reachable.contains($0) }
            guard reads else { continue }
            guard isElementwise(node), node.outputs.count == 1,
                graph.tensors[node.outputs[0]].type == .int8,
                node.inputs.allSatisfy({ $0 >= 0 && (reachable.contains($0) || graph.tensors[$0].isConstant) })
            else { break }
            chain.append(index)
            reachable.insert(node.outputs[0])
        }
        while let last = chain.last {
            let output = graph.nodes[last].outputs[0]
            if isSelfContained(chain, start: start, output: output) { return (chain, output) }
            chain.removeLast()
        }
        return nil
    }

    private func isElementwise(_ node: Node) -> Bool {
        switch node.op {
        case .logistic, .mul, .add, .sub, .quantize, .lookupTable: true
        default: false
        }
    }

    /// Every tensor of the chain but `output` is read only inside the chain.
    private func isSelfContained(_ chain: [Int], start: Int, output: Int) -> Bool {
        let members = Set(chain)
        let inner = [start] + chain.map { graph.nodes[$0].outputs[0] }.filter { $0 != output }
        return inner.allSatisfy { tensor in
            !graph.outputs.contains(tensor) && consumers[tensor].allSatisfy { members.contains($0) }
        }
    }
}
