/// Shape inference for another input size: the same weights and nodes, every
/// activation shape derived again from a new input height and width. This is
/// how one converted file runs at 320, 416, 480, 640... (the arena is then
/// planned for that size when the engine is made).
///
/// Works for fully convolutional NHWC graphs, and for reshapes that flatten
/// feature-map positions and restore them (`ReshapeResizing`); other
/// reshapes of a tensor whose size changes are refused.
extension Graph {
    public func resized(height: Int, width: Int) throws(ModelLoadError) -> Graph {
        guard inputs.count == 1, tensors[inputs[0]].shape.count == 4 else {
            throw .unsupported("only a graph with one [1, height, width, channels] input can be resized")
        }
        guard height > 0, width > 0 else { throw .unsupported("input size \(height)x\(width) is not positive") }
        var graph = self
        graph.tensors[inputs[0]].shape[1] = height
        graph.tensors[inputs[0]].shape[2] = width
        for index in nodes.indices {
            try withContext("operator \(index) (\(nodes[index].op.name))") { () throws(ModelLoadError) in
                try graph.inferShape(of: index, original: self)
            }
        }
        try GraphValidator.validate(graph)
        return graph
    }

    private mutating func inferShape(of index: Int, original: Graph) throws(ModelLoadError) {
        let node = nodes[index]
        let input = tensors[node.inputs[0]].shape
        let oldInput = original.tensors[node.inputs[0]].shape
        var output = tensors[node.outputs[0]].shape
        switch node.op {
        case .conv2D(let options), .depthwiseConv2D(let options):
            let filter = tensors[node.inputs[1]].shape
            output = [input[0],
                Self.windowOutput(input[1], filter[1], options.strideH, options.dilationH, options.padding),
                Self.windowOutput(input[2], filter[2], options.strideW, options.dilationW, options.padding), filter[0]]
        case .maxPool2D(let options):
            output = [input[0],
                Self.windowOutput(input[1], options.filterH, options.strideH, 1, options.padding),
                Self.windowOutput(input[2], options.filterW, options.strideW, 1, options.padding), input[3]]
        case .pad:
            let paddings = tensors[node.inputs[1]].integerValues() ?? []
            guard paddings.count == 2 * input.count else { throw .malformed("paddings do not fit rank \(input.count)") }
            output = input.indices.map { input[$0] + paddings[2 * $0] + paddings[2 * $0 + 1] }
        case .resizeNearestNeighbor:
            let (oldOutput, factorH, factorW) = (output, output[1] / oldInput[1], output[2] / oldInput[2])
            guard factorH * oldInput[1] == oldOutput[1], factorW * oldInput[2] == oldOutput[2] else {
                throw .unsupported("only whole upsampling factors can be resized")
            }
            output = [input[0], input[1] * factorH, input[2] * factorW, input[3]]
            replaceConstant(of: index, at: 1, with: [output[1], output[2]])
        case .stridedSlice:
            // Only axes the slice takes whole may change size.
            let begin = tensors[node.inputs[1]].integerValues() ?? []
            var end = tensors[node.inputs[2]].integerValues() ?? []
            let strides = tensors[node.inputs[3]].integerValues() ?? []
            guard StridedSliceOptions() == Self.options(of: node), begin.count == input.count, end.count == input.count,
                strides.count == input.count
            else { throw .unsupported("only plain slices over every axis can be resized") }
            for axis in input.indices where input[axis] != oldInput[axis] {
                guard begin[axis] == 0, strides[axis] == 1, end[axis] >= oldInput[axis] else {
                    throw .unsupported("axis \(axis) is sliced, so it cannot change size")
                }
                end[axis] = input[axis]
            }
            output = input.indices.map { (min(end[$0], input[$0]) - begin[$0] + strides[$0] - 1) / strides[$0] }
            replaceConstant(of: index, at: 2, with: end)
        case .concatenation(let axis, _):
            output = input
            output[axis] = node.inputs.reduce(0) { $0 + tensors[$1].shape[axis] }
        case .add, .sub, .mul:
            let other = tensors[node.inputs[1]].shape
            guard other.count == input.count else { throw .unsupported("operands of different ranks cannot be resized") }
            output = zip(input, other).map { max($0, $1) }
        case .lookupTable, .logistic, .quantize, .dequantize, .softmax:
            output = input
        case .batchMatMul(let adjointLeft, let adjointRight):
            guard let product = BatchMatMulShape(
                left: input, right: tensors[node.inputs[1]].shape, adjointLeft: adjointLeft, adjointRight: adjointRight)
            else { throw .unsupported("the BATCH_MATMUL operands no longer multiply") }
            output = product.outputShape
        case .transpose:
            let permutation = tensors[node.inputs[1]].integerValues() ?? []
            guard permutation.sorted() == Array(input.indices) else { throw .malformed("invalid permutation") }
            output = permutation.map { input[$0] }
        case .reshape:
            guard input != oldInput else { break }
            let (oldSize, newSize) = (original.tensors[original.inputs[0]].shape, tensors[inputs[0]].shape)
            guard let target = ReshapeResizing.target(
                output, oldInput: oldInput, newInput: input, heightScale: (newSize[1], oldSize[1]),
                widthScale: (newSize[2], oldSize[2]))
            else {
                throw .unsupported("RESHAPE of \(oldInput) to \(output) cannot follow its input to \(input)")
            }
            output = target
            if node.inputs.count > 1, node.inputs[1] >= 0 { replaceConstant(of: index, at: 1, with: output) }
        }
        guard output.allSatisfy({ $0 > 0 }) else { throw .unsupported("the input is too small: output shape \(output)") }
        tensors[node.outputs[0]].shape = output
    }

    private static func options(of node: Node) -> StridedSliceOptions? {
        if case .stridedSlice(let options) = node.op { return options }
        return nil
    }

    /// TFLite's SAME and VALID output sizes.
    private static func windowOutput(_ size: Int, _ filter: Int, _ stride: Int, _ dilation: Int, _ padding: Padding) -> Int {
        switch padding {
        case .same: (size + stride - 1) / stride
        case .valid: (size - (filter - 1) * dilation - 1 + stride) / stride
        }
    }

    /// Gives node `index` its own int32 constant at input `position` (a shared
    /// operand may serve nodes that need other values).
    private mutating func replaceConstant(of index: Int, at position: Int, with values: [Int]) {
        var bytes: [UInt8] = []
        for value in values { withUnsafeBytes(of: Int32(clamping: value).littleEndian) { bytes.append(contentsOf: $0) } }
        let original = tensors[nodes[index].inputs[position]]
        tensors.append(Tensor(name: original.name, type: .int32, shape: [values.count], data: bytes))
        nodes[index].inputs[position] = tensors.count - 1
    }
}
