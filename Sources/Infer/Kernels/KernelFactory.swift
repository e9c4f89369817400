/// Prepares graph nodes into runnable kernels.
public enum KernelFactory {
    /// Prepares `graph.nodes[nodeIndex]`; all constants are read from the graph here
    /// (packing, multipliers, tables precomputed). `epilogue`: optional 256-entry
    /// int8 table applied to each output element after the op's own requantize and
    /// clamp (CONV_2D, and the ops that are a table themselves: LOGISTIC,
    /// LOOKUP_TABLE, int8 QUANTIZE). `inputPadding`: a PAD folded into the node,
    /// whose input the kernel then reads instead of the node's (CONV_2D only).
    public static func makeKernel(
        nodeIndex: Int, graph: Graph, epilogue: [Int8]?, inputPadding: InputPadding? = nil
    ) throws(KernelError) -> any Kernel {
        try makeKernel(nodeIndex: nodeIndex, graph: graph, epilogue: epilogue, inputPadding: inputPadding,
                       outputSlice: nil, inputSlices: [:], inPlaceInputs: [])
    }

    /// The kernel of one engine step. `outputSlice`: the output goes into a
    /// slice of a wider tensor (see `canWrite`); `inputSlices`, by position:
    /// inputs read from one (see `canRead`). `inPlaceInputs`: CONCATENATION
    /// inputs that their producers wrote into the output, which it then skips.
    static func makeKernel(
        nodeIndex: Int, graph: Graph, epilogue: [Int8]?, inputPadding: InputPadding?, outputSlice: TensorSlice?,
        inputSlices: [Int: TensorSlice], inPlaceInputs: Set<Int>
    ) throws(KernelError) -> any Kernel {
        let context = try NodeContext(nodeIndex: nodeIndex, graph: graph)
        let op = context.node.op
        let isConvolution = if case .conv2D = op { true } else { false }
        let isConcatenation = if case .concatenation = op { true } else { false }
        guard epilogue == nil || takesEpilogue(context.node, in: graph) else {
            throw context.error("an epilogue table is only supported on CONV_2D and table ops")
        }
        guard inputPadding == nil || isConvolution else { throw context.error("input padding is only supported on CONV_2D") }
        guard inPlaceInputs.isEmpty || isConcatenation else {
            throw context.error("in-place inputs are only supported on CONCATENATION")
        }
        if let outputSlice, try !canWrite(op, shape: context.output().shape, into: outputSlice) {
            throw context.error("cannot write its output into a slice of rows of \(outputSlice.rowBytes) bytes")
        }
        for (position, slice) in inputSlices {
            guard try canRead(op, position: position, shape: context.input(position).shape, from: slice) else {
                throw context.error("cannot read input \(position) from a slice of rows of \(slice.rowBytes) bytes")
            }
        }
        // A one-run slice is an ordinary buffer to any kernel.
        let stridedInputs = inputSlices.filter { $0.value.rows > 1 }
        let outputPixelStride = outputSlice.flatMap { $0.rows > 1 ? $0.rowStride : nil }
        switch op {
        case .conv2D(let options):
            return try Conv2DKernel(
                context, options: options, epilogue: epilogue, inputPadding: inputPadding,
                inputPixelStride: stridedInputs[0]?.rowStride, outputPixelStride: outputPixelStride)
        case .depthwiseConv2D(let options): return try DepthwiseConv2DKernel(context, options: options)
        case .batchMatMul(let adjointLeft, let adjointRight):
            return try BatchMatMulKernel(context, adjointLeft: adjointLeft, adjointRight: adjointRight)
        case .add, .sub, .mul: return try BinaryKernel(context, outputSlice: outputSlice, inputSlices: stridedInputs)
        case .logistic: return try LookupTableKernel.logistic(context).followed(by: epilogue)
        case .lookupTable: return try LookupTableKernel.constantTable(context).followed(by: epilogue)
        case .quantize:
            return try context.input(0).type == .float32
                ? QuantizeFloatKernel(context) : LookupTableKernel.requantize(context).followed(by: epilogue)
        case .dequantize: return try DequantizeKernel(context)
        case .softmax(let beta): return try SoftmaxKernel(context, beta: beta)
        case .concatenation(let axis, let activation):
            return try ConcatenationKernel(context, axis: axis, activation: activation, inPlaceInputs: inPlaceInputs)
        case .stridedSlice(let options):
            return try GatherKernel.stridedSlice(context, options: options, outputSlice: outputSlice)
        case .transpose: return try GatherKernel.transpose(context, outputSlice: outputSlice)
        case .pad: return try PadKernel(context)
        case .reshape: return try CopyKernel(context)
        case .maxPool2D(let options): return try MaxPoolKernel(context, options: options)
        case .resizeNearestNeighbor(let options):
            return try ResizeNearestKernel(context, options: options, outputPixelStride: outputPixelStride)
        }
    }

    /// Whether the kernel of `node` can apply an epilogue table to its output:
    /// a convolution in its output stage, and the ops that run as a 256-entry
    /// table themselves (`LookupTableKernel`), by composing the two tables.
    static func takesEpilogue(_ node: Node, in graph: Graph) -> Bool {
        switch node.op {
        case .conv2D, .logistic, .lookupTable: true
        case .quantize: node.inputs.first.map { $0 >= 0 && graph.tensors[$0].type == .int8 } ?? false
        default: false
        }
    }

    /// Whether the kernel of `op`, whose output has `shape`, can store it
    /// into `slice`: any kernel when the slice is one contiguous run; a
    /// convolution or a nearest-neighbour resize (the neck's upsampling, which
    /// copies whole pixels) when each row is one pixel's channels; STRIDED_SLICE and
    /// TRANSPOSE when each output axis has a fixed step in the slice; ADD,
    /// SUB and MUL, whose lines can always be cut to fit the runs.
    static func canWrite(_ op: Operator, shape: [Int], into slice: TensorSlice) -> Bool {
        guard slice.rows > 1 else { return true }
        switch op {
        case .conv2D, .resizeNearestNeighbor: return slice.rowBytes == shape.last
        case .stridedSlice, .transpose: return slice.strides(ofRowMajor: shape) != nil
        case .add, .sub, .mul: return true
        default: return false
        }
    }

    /// Whether the kernel of `op` can read its input `position`, of `shape`,
    /// from `slice`: any kernel when the slice is one contiguous run; a
    /// convolution its activations when each row is one pixel's channels;
    /// ADD, SUB and MUL when each axis has a fixed step in the slice.
    static func canRead(_ op: Operator, position: Int, shape: [Int], from slice: TensorSlice) -> Bool {
        guard slice.rows > 1 else { return true }
        switch op {
        case .conv2D: return position == 0 && slice.rowBytes == shape.last
        case .add, .sub, .mul: return slice.strides(ofRowMajor: shape) != nil
        default: return false
        }
    }
}
