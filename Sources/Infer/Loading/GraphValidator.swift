/// Checks a graph from any loader before the planner and kernels see it:
/// sizes within `ModelLimits`, constant data matching shapes, sane
/// quantization, tensor indices in range, every operand computed before it
/// is used and written once, and operator options in range. After this,
/// `Tensor.elementCount`/`byteCount` cannot overflow.
enum GraphValidator {
    static func validate(_ graph: Graph) throws(ModelLoadError) {
        try validateTensors(graph.tensors)
        try validateDataflow(graph)
    }

    private static func validateTensors(_ tensors: [Tensor]) throws(ModelLoadError) {
        guard tensors.count <= ModelLimits.maxTensors else {
            throw .unsupported("\(tensors.count) tensors exceed the limit of \(ModelLimits.maxTensors)")
        }
        var totalBytes = 0
        for (index, tensor) in tensors.enumerated() {
            try withContext("tensor \(index) '\(tensor.name)'") { () throws(ModelLoadError) in
                let bytes = try ModelLimits.byteCount(shape: tensor.shape, type: tensor.type)
                if let data = tensor.data, data.count != bytes {
                    throw .malformed(
                        "has \(data.count) bytes of data, shape \(tensor.shape) \(tensor.type) needs \(bytes)"
                    )
                }
                if let quantization = tensor.quantization {
                    try validate(quantization, of: tensor)
                }
                totalBytes += bytes
            }
            guard totalBytes <= ModelLimits.maxTotalTensorBytes else {
                throw .unsupported(
                    "tensors exceed the limit of \(ModelLimits.maxTotalTensorBytes) bytes in total")
            }
        }
    }

    private static func validate(_ quantization: Quantization, of tensor: Tensor) throws(ModelLoadError) {
        let scales = quantization.scales
        guard !scales.isEmpty, quantization.zeroPoints.count == scales.count else {
            throw .malformed(
                "quantization has \(scales.count) scales and \(quantization.zeroPoints.count) zero points")
        }
        if let bad = scales.firstIndex(where: { !($0.isFinite && $0 > 0) }) {
            throw .malformed("quantization scale \(bad) is \(scales[bad]), must be finite and positive")
        }
        if scales.count > 1 {
            let axis = quantization.axis
            guard tensor.shape.indices.contains(axis), tensor.shape[axis] == scales.count else {
                throw .malformed(
                    "\(scales.count) per-channel scales do not match axis \(axis) of shape \(tensor.shape)")
            }
        }
        let representable: ClosedRange<Int32>? =
            switch tensor.type {
            case .int8: -128...127
            case .uint8: 0...255
            case .int16: 0...0
            case .int32, .int64, .float32: nil
            }
        if let representable,
            let bad = quantization.zeroPoints.first(where: { !representable.contains($0) })
        {
            throw .malformed("zero point \(bad) outside \(representable) for \(tensor.type)")
        }
    }

    private static func validateDataflow(_ graph: Graph) throws(ModelLoadError) {
        let tensors = graph.tensors
        guard graph.nodes.count <= ModelLimits.maxNodes else {
            throw .unsupported("\(graph.nodes.count) operators exceed the limit of \(ModelLimits.maxNodes)")
        }
        // Whether each tensor has a value when the next node runs.
        var available = tensors.map(\.isConstant)
        for (position, index) in graph.inputs.enumerated() {
            try withContext("graph input \(position)") { () throws(ModelLoadError) in
                try requireIndex(index, in: tensors)
                guard !available[index] else {
                    throw .malformed("tensor \(index) is a constant or listed twice")
                }
                available[index] = true
            }
        }
        for (nodeIndex, node) in graph.nodes.enumerated() {
            try withContext("operator \(nodeIndex) (\(node.op.name))") { () throws(ModelLoadError) in
                try validateOperands(of: node, in: graph, available: &available)
                try validateOptions(of: node, tensors: tensors)
                try OperandShapeRules.check(node, tensors: tensors)
            }
        }
        for (position, index) in graph.outputs.enumerated() {
            try withContext("graph output \(position)") { () throws(ModelLoadError) in
                try requireIndex(index, in: tensors)
                guard available[index] else {
                    throw .malformed("tensor \(index) '\(tensors[index].name)' is never computed")
                }
            }
        }
    }

    private static func validateOperands(
        of node: Node, in graph: Graph, available: inout [Bool]
    ) throws(ModelLoadError) {
        let arity = node.op.inputArity
        guard arity.contains(node.inputs.count) else {
            throw .malformed(
                "has \(node.inputs.count) inputs, needs \(arity.lowerBound)...\(arity.upperBound)")
        }
        guard node.outputs.count == 1 else {
            throw .malformed("has \(node.outputs.count) outputs, needs 1")
        }
        for (position, index) in node.inputs.enumerated() {
            try withContext("input \(position)") { () throws(ModelLoadError) in
                if index == -1 && position >= arity.lowerBound { return }
                try requireIndex(index, in: graph.tensors)
                guard available[index] else {
                    throw .malformed(
                        "tensor \(index) '\(graph.tensors[index].name)' is used before it is computed")
                }
            }
        }
        for (position, index) in node.outputs.enumerated() {
            try withContext("output \(position)") { () throws(ModelLoadError) in
                try requireIndex(index, in: graph.tensors)
                guard !available[index] else {
                    throw .malformed(
                        "tensor \(index) '\(graph.tensors[index].name)' is a constant, a graph input or already computed"
                    )
                }
                available[index] = true
            }
        }
    }

    private static func validateOptions(of node: Node, tensors: [Tensor]) throws(ModelLoadError) {
        switch node.op {
        case .conv2D(let options), .depthwiseConv2D(let options):
            try requirePositive(
                [
                    "stride_h": options.strideH, "stride_w": options.strideW,
                    "dilation_h": options.dilationH, "dilation_w": options.dilationW,
                ])
        case .maxPool2D(let options):
            try requirePositive(
                [
                    "stride_h": options.strideH, "stride_w": options.strideW,
                    "filter_h": options.filterH, "filter_w": options.filterW,
                ])
        case .concatenation(let axis, _):
            let rank = tensors[node.outputs[0]].shape.count
            guard (0..<rank).contains(axis) else {
                throw .malformed("axis \(axis) out of range for rank \(rank)")
            }
        case .softmax(let beta):
            guard beta.isFinite, beta > 0 else {
                throw .malformed("beta \(beta) must be finite and positive")
            }
        case .logistic, .mul, .add, .sub, .stridedSlice, .pad, .reshape, .transpose,
            .resizeNearestNeighbor, .quantize, .dequantize, .lookupTable, .batchMatMul:
            break
        }
    }

    private static func requirePositive(_ values: KeyValuePairs<String, Int>) throws(ModelLoadError) {
        for (name, value) in values where value < 1 {
            throw .malformed("\(name) is \(value), must be at least 1")
        }
    }

    private static func requireIndex(_ index: Int, in tensors: [Tensor]) throws(ModelLoadError) {
        guard tensors.indices.contains(index) else {
            throw .malformed("tensor index \(index) out of range (model has \(tensors.count) tensors)")
        }
    }
}
