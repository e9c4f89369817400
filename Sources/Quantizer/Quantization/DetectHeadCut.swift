import Infer

/// Cuts a float YOLOv8 graph before its detect head's decoding (reshapes,
/// concats, DFL softmax, anchors, sigmoid), so that the integer graph ends in
/// per-scale convolutions: for each stride, box logits `[1, H, W, 4·bins]` and
/// class logits `[1, H, W, classes]`, each with its own scale. The decoding
/// moves to `GridDetectionHead`, where it runs on a few candidates only.
enum DetectHeadCut {
    /// The graph with outputs box₀, class₀, box₁, class₁, … from the finest
    /// grid (stride 8) to the coarsest.
    static func cut(_ graph: Graph) throws(QuantizerError) -> Graph {
        var consumers = [[Int]](repeating: [], count: graph.tensors.count)
        for (index, node) in graph.nodes.enumerated() {
            for input in node.inputs where input >= 0 { consumers[input].append(index) }
        }
        func reaches(_ tensor: Int, _ matches: (Operator) -> Bool) -> Bool {
            var pending = [tensor], seen: Set<Int> = []
            while let next = pending.popLast() {
                for reader in consumers[next] where seen.insert(reader).inserted {
                    let op = graph.nodes[reader].op
                    if matches(op) { return true }
                    if !Self.mixesFeatures(op) { pending.append(graph.nodes[reader].outputs[0]) }
                }
            }
            return false
        }
        /// x · sigmoid(x): the tensor is a pre-activation, not an output.
        func feedsSiLU(_ tensor: Int) -> Bool {
            consumers[tensor].contains { reader in
                graph.nodes[reader].op == .logistic && consumers[graph.nodes[reader].outputs[0]].contains { product in
                    graph.nodes[product].op == .mul(.none) && graph.nodes[product].inputs.contains(tensor)
                }
            }
        }
        // The head's last convolutions have no activation; the box branch
        // goes on to the DFL softmax, the class branch to the sigmoid, with no
        // other layer in between. (The DFL convolution itself reaches neither;
        // YOLO11's attention convolutions reach their softmax only through a
        // matrix product.)
        var boxes: [Int] = [], scores: [Int] = []
        for (index, node) in graph.nodes.enumerated() {
            guard case .conv2D = node.op, !feedsSiLU(node.outputs[0]) else { continue }
            let output = node.outputs[0]
            let toSoftmax = reaches(output) { if case .softmax = $0 { true } else { false } }
            let toSigmoid = reaches(output) { $0 == .logistic }
            switch (toSoftmax, toSigmoid) {
            case (true, false): boxes.append(output)
            case (false, true): scores.append(output)
            case (true, true):
                throw .node(index, node, "'\(graph.tensors[output].name)' feeds both the DFL softmax and the class sigmoid")
            case (false, false): continue
            }
        }
        let height = { (tensor: Int) in graph.tensors[tensor].shape[1] }
        boxes.sort { height($0) > height($1) }
        scores.sort { height($0) > height($1) }
        guard !boxes.isEmpty, boxes.count == scores.count else {
            throw QuantizerError(
                "no YOLOv8 detect head found: \(boxes.count) box and \(scores.count) class convolutions (need one of each per scale)")
        }
        for (box, score) in zip(boxes, scores) {
            let boxShape = graph.tensors[box].shape, scoreShape = graph.tensors[score].shape
            guard boxShape[1...2] == scoreShape[1...2], boxShape[3] % 4 == 0,
                boxShape[3] == graph.tensors[boxes[0]].shape[3], scoreShape[3] == graph.tensors[scores[0]].shape[3]
            else {
                throw QuantizerError(
                    "detect head outputs '\(graph.tensors[box].name)' \(boxShape) and '\(graph.tensors[score].name)' \(scoreShape) do not fit together")
            }
        }
        var cut = graph
        cut.outputs = zip(boxes, scores).flatMap { [$0, $1] }
        return GraphPruning.pruned(cut).graph
    }

    /// The class-logit outputs of a graph that `cut` made.
    static func classLogits(_ graph: Graph) -> [Int] {
        stride(from: 1, to: graph.outputs.count, by: 2).map { graph.outputs[$0] }
    }

    /// Layers that combine features; the search for what a head convolution
    /// feeds stops at them.
    private static func mixesFeatures(_ op: Operator) -> Bool {
        switch op {
        case .conv2D, .depthwiseConv2D, .batchMatMul: true
        default: false
        }
    }
}
