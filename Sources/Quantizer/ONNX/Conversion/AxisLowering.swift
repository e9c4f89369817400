import Infer

/// Ops defined by axes: their ONNX axes map to IR axes through the layout.
extension ConversionContext {
    mutating func lowerConcat(_ operands: NodeOperands) throws(ONNXError) -> RuntimeValue {
        let anchors = operands.inputs.compactMap { input -> RuntimeValue? in
            if case .runtime(let value)? = input { value } else { nil }
        }
        guard let anchor = anchors.first else { throw operands.error("needs a run-time input") }
        let axis = try operands.normalizedAxis(try operands.int("axis", default: 0), rank: anchor.rank)
        var shape = anchor.shape
        shape[axis] = 0
        var tensors: [Int] = []
        for (position, input) in operands.inputs.enumerated() {
            guard let input else { throw operands.error("input \(position) is missing") }
            let name = "\(operands.outputName)/input\(position)"
            let partShape: [Int]
            switch input {
            case .runtime(let value):
                partShape = value.shape
                tensors.append(materialize(value, layout: anchor.layout, name: name).tensor)
            case .constant(let constant):
                partShape = constant.shape
                guard constant.shape.count == anchor.rank else { throw operands.error("inputs differ in rank") }
                tensors.append(floatConstant(constant, rank: anchor.rank, layout: anchor.layout, name: name))
            }
            guard partShape.count == anchor.rank,
                partShape.indices.allSatisfy({ $0 == axis || partShape[$0] == anchor.shape[$0] })
            else {
                throw operands.error("input shapes \(partShape) and \(anchor.shape) differ off axis \(axis)")
            }
            shape[axis] += partShape[axis]
        }
        let output = builder.activation(operands.outputName, shape: anchor.layout.map { shape[$0] })
        builder.append(.concatenation(axis: anchor.irAxis(axis), activation: .none), inputs: tensors, outputs: [output])
        return RuntimeValue(tensor: output, shape: shape, layout: anchor.layout)
    }

    mutating func lowerSplit(_ operands: NodeOperands) throws(ONNXError) -> [RuntimeValue] {
        let input = try operands.runtime(0)
        let axis = try operands.normalizedAxis(try operands.int("axis", default: 0), rank: input.rank)
        let count = operands.node.outputs.count
        let sizes: [Int]
        if let given = try operands.integers(1, name: "split") {
            sizes = given.map { Int(clamping: $0) }
        } else if let given = try operands.ints("split") {
            sizes = given
        } else {
            // Equal parts; opset 18 makes the last one smaller when it does not divide.
            let part = (input.shape[axis] + count - 1) / max(count, 1)
            sizes = (0..<count).map { min(part, max(input.shape[axis] - $0 * part, 0)) }
        }
        guard sizes.count == count, sizes.allSatisfy({ $0 >= 0 }), sizes.reduce(0, +) == input.shape[axis] else {
            throw operands.error("split sizes \(sizes) do not divide axis \(axis) of size \(input.shape[axis]) into \(count) outputs")
        }
        var results: [RuntimeValue] = []
        var start = 0
        for (size, name) in zip(sizes, operands.node.outputs) {
            var begin = [Int](repeating: 0, count: input.rank)
            var end = input.shape
            begin[axis] = start
            end[axis] = start + size
            results.append(slice(input, begin: begin, end: end, steps: [Int](repeating: 1, count: input.rank), name: name))
            start += size
        }
        return results
    }

    mutating func lowerSlice(_ operands: NodeOperands) throws(ONNXError) -> RuntimeValue {
        let input = try operands.runtime(0)
        let window = try SliceWindow(operands, shape: input.shape)
        return slice(input, begin: window.begin, end: window.end, steps: window.steps, name: operands.outputName)
    }

    /// An IR STRIDED_SLICE of ONNX axes [begin, end) by steps (all positive, in range).
    private mutating func slice(
        _ input: RuntimeValue, begin: [Int], end: [Int], steps: [Int], name: String
    ) -> RuntimeValue {
        let shape = input.shape.indices.map { axis in
            max(0, (end[axis] - begin[axis] + steps[axis] - 1) / steps[axis])
        }
        let order = input.layout
        let operandShape = [input.rank]
        let beginTensor = builder.int32Constant("\(name)/begin", shape: operandShape, values: order.map { begin[$0] })
        let endTensor = builder.int32Constant("\(name)/end", shape: operandShape, values: order.map { end[$0] })
        let stepTensor = builder.int32Constant("\(name)/strides", shape: operandShape, values: order.map { steps[$0] })
        let output = builder.activation(name, shape: order.map { shape[$0] })
        builder.append(
            .stridedSlice(StridedSliceOptions()), inputs: [input.tensor, beginTensor, endTensor, stepTensor],
            outputs: [output])
        return RuntimeValue(tensor: output, shape: shape, layout: order)
    }

    mutating func lowerReshape(_ operands: NodeOperands) throws(ONNXError) -> RuntimeValue {
        let input = try operands.runtime(0)
        guard let requested = try operands.integers(1, name: "shape") else { throw operands.error("needs a constant shape") }
        let shape = try ReshapeTarget.resolve(
            requested, input: input.shape, allowZero: try operands.int("allowzero", default: 0) != 0, operands: operands)
        let identity = Layout.identity(rank: input.rank)
        // A reshape reinterprets elements in ONNX order: bring the tensor into it first.
        let source = input.hasSameElementOrder(as: identity)
            ? input : materialize(input, layout: identity, name: "\(operands.outputName)/input")
        let shapeTensor = builder.int32Constant("\(operands.outputName)/shape", shape: [shape.count], values: shape)
        let output = builder.activation(operands.outputName, shape: shape)
        builder.append(.reshape, inputs: [source.tensor, shapeTensor], outputs: [output])
        return RuntimeValue(tensor: output, shape: shape, layout: Layout.identity(rank: shape.count))
    }

    /// A transpose changes only how the IR tensor's axes are read (see `RuntimeValue`).
    mutating func lowerTranspose(_ operands: NodeOperands) throws(ONNXError) -> RuntimeValue {
        let input = try operands.runtime(0)
        let permutation = try operands.ints("perm") ?? Array((0..<input.rank).reversed())
        guard permutation.sorted() == Array(0..<input.rank) else {
            throw operands.error("perm \(permutation) is not a permutation of \(input.rank) axes")
        }
        let inverse = Layout.inverse(permutation)
        return RuntimeValue(
            tensor: input.tensor, shape: permutation.map { input.shape[$0] }, layout: input.layout.map { inverse[$0] })
    }

    mutating func lowerSoftmax(_ operands: NodeOperands) throws(ONNXError) -> RuntimeValue {
        let input = try operands.runtime(0)
        let defaultAxis = opsetVersion >= 13 ? -1 : 1
        let axis = try operands.normalizedAxis(try operands.int("axis", default: defaultAxis), rank: input.rank)
        // Before opset 13, Softmax flattens from `axis` on; that equals a
        // single-axis softmax only on the last axis.
        guard opsetVersion >= 13 || axis == input.rank - 1 else {
            throw operands.error("opset \(opsetVersion) softmax over a non-last axis is not supported")
        }
        // The IR's softmax (TFLite's) runs over the last axis: move `axis` there.
        let layout = input.layout.last == axis ? input.layout : input.layout.filter { $0 != axis } + [axis]
        let source = materialize(input, layout: layout, name: "\(operands.outputName)/input")
        let output = builder.activation(operands.outputName, shape: source.irShape)
        builder.append(.softmax(beta: 1), inputs: [source.tensor], outputs: [output])
        return RuntimeValue(tensor: output, shape: input.shape, layout: layout)
    }
}
