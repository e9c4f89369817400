/// The operand shapes each operator's kernel relies on (ranks, channel
/// counts, constant parameter tensors), checked once at load so a kernel
/// never indexes past a tensor it was handed. Runs after operand indices
/// and arity have been validated.
enum OperandShapeRules {
    static func check(_ node: Node, tensors: [Tensor]) throws(ModelLoadError) {
        let inputs = node.inputs.map { $0 >= 0 ? tensors[$0] : nil }
        let output = tensors[node.outputs[0]]
        guard let input = inputs[0] else { throw .malformed("input 0 is missing") }
        switch node.op {
        case .conv2D:
            try checkConv(
                input: input, filter: inputs[1], bias: inputs.count > 2 ? inputs[2] : nil, output: output)
        case .depthwiseConv2D:
            try checkDepthwiseConv(
                input: input, filter: inputs[1], bias: inputs.count > 2 ? inputs[2] : nil, output: output)
        case .batchMatMul(let adjointLeft, let adjointRight):
            try checkBatchMatMul(
                left: input, right: inputs[1], output: output, adjointLeft: adjointLeft, adjointRight: adjointRight)
        case .maxPool2D:
            try requireRank(4, input, "input")
            try requireRank(4, output, "output")
            guard input.shape[3] == output.shape[3] else {
                throw .malformed("pooling changes channels \(input.shape[3]) to \(output.shape[3])")
            }
        case .concatenation:
            for (position, operand) in inputs.enumerated() where operand?.shape.count != output.shape.count {
                throw .malformed("input \(position) rank differs from the output rank \(output.shape.count)")
            }
        case .pad:
            let paddings = try constantIntegers(inputs[1], "paddings")
            guard paddings.count == 2 * input.shape.count else {
                throw .malformed("paddings hold \(paddings.count) values for rank \(input.shape.count)")
            }
        case .transpose:
            let permutation = try constantIntegers(inputs[1], "permutation")
            guard permutation.sorted() == Array(0..<input.shape.count) else {
                throw .malformed("\(permutation) is not a permutation of rank \(input.shape.count)")
            }
        case .stridedSlice:
            let begin = try constantIntegers(inputs[1], "begin")
            let end = try constantIntegers(inputs[2], "end")
            let strides = try constantIntegers(inputs[3], "strides")
            guard begin.count == end.count, end.count == strides.count, begin.count <= input.shape.count,
                !strides.contains(0)
            else {
                throw .malformed(
                    "begin \(begin), end \(end), strides \(strides) do not fit rank \(input.shape.count)")
            }
        case .resizeNearestNeighbor:
            try requireRank(4, input, "input")
            try requireRank(4, output, "output")
            let size = try constantIntegers(inputs[1], "size")
            guard size == [output.shape[1], output.shape[2]] else {
                throw .malformed("size \(size) does not match the output shape \(output.shape)")
            }
        case .reshape, .logistic, .softmax, .quantize, .dequantize:
            guard input.elementCount == output.elementCount else {
                throw .malformed("input has \(input.elementCount) elements, output \(output.elementCount)")
            }
        case .add, .sub, .mul:
            break  // broadcasting rules belong to the kernels
        case .lookupTable:
            guard let table = inputs[1], table.isConstant, table.type == .int8, table.elementCount == 256 else {
                throw .malformed("the table must be a constant int8 tensor of 256 values")
            }
            guard input.elementCount == output.elementCount else {
                throw .malformed("input has \(input.elementCount) elements, output \(output.elementCount)")
            }
        }
    }

    private static func checkConv(
        input: Tensor, filter: Tensor?, bias: Tensor?, output: Tensor
    ) throws(ModelLoadError) {
        let filter = try convolutionFilter(input: input, filter: filter, output: output)
        let (inputChannels, filterChannels) = (input.shape[3], filter.shape[3])
        guard inputChannels == filterChannels else {
            if inputChannels % filterChannels == 0 {
                throw .unsupported(
                    "grouped convolution (\(inputChannels) channels, filter \(filterChannels))")
            }
            throw .malformed("input has \(inputChannels) channels, filter expects \(filterChannels)")
        }
        guard output.shape[3] == filter.shape[0] else {
            throw .malformed("output has \(output.shape[3]) channels, filter makes \(filter.shape[0])")
        }
        try checkBias(bias, channels: filter.shape[0])
    }

    private static func checkDepthwiseConv(
        input: Tensor, filter: Tensor?, bias: Tensor?, output: Tensor
    ) throws(ModelLoadError) {
        let filter = try convolutionFilter(input: input, filter: filter, output: output)
        let channels = input.shape[3]
        guard filter.shape[0] == channels, filter.shape[3] == 1, output.shape[3] == channels else {
            throw .malformed(
                "input \(input.shape), filter \(filter.shape) and output \(output.shape) are not a depthwise "
                    + "convolution of \(channels) channels (filter [\(channels), KH, KW, 1])")
        }
        try checkBias(bias, channels: channels)
    }

    /// The constant filter of a convolution, once it and the activations are of rank 4.
    private static func convolutionFilter(input: Tensor, filter: Tensor?, output: Tensor) throws(ModelLoadError) -> Tensor {
        guard let filter, filter.isConstant else { throw .unsupported("filter must be a constant") }
        try requireRank(4, input, "input")
        try requireRank(4, filter, "filter")
        try requireRank(4, output, "output")
        return filter
    }

    private static func checkBias(_ bias: Tensor?, channels: Int) throws(ModelLoadError) {
        if let bias, bias.shape != [channels] || !bias.isConstant {
            throw .malformed("bias \(bias.shape) must be a constant of \(channels) values")
        }
    }

    private static func checkBatchMatMul(
        left: Tensor, right: Tensor?, output: Tensor, adjointLeft: Bool, adjointRight: Bool
    ) throws(ModelLoadError) {
        guard let right else { throw .malformed("the right operand is missing") }
        guard let product = BatchMatMulShape(
            left: left.shape, right: right.shape, adjointLeft: adjointLeft, adjointRight: adjointRight),
            product.outputShape == output.shape
        else {
            throw .malformed("operands \(left.shape) and \(right.shape) do not multiply into \(output.shape)")
        }
    }

    private static func requireRank(_ rank: Int, _ tensor: Tensor, _ role: String) throws(ModelLoadError) {
        guard tensor.shape.count == rank else {
            throw .malformed("\(role) '\(tensor.name)' has rank \(tensor.shape.count), needs \(rank)")
        }
    }

    /// The values of a constant int32/int64 parameter operand, row-major.
    private static func constantIntegers(_ tensor: Tensor?, _ role: String) throws(ModelLoadError) -> [Int] {
        guard let tensor, let values = tensor.integerValues() else {
            throw .unsupported("\(role) must be a constant int32 or int64 tensor")
        }
        return values
    }
}
