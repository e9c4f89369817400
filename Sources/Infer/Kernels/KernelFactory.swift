/// Prepares graph nodes into runnable kernels.
public enum KernelFactory {
    /// Prepares `graph.nodes[nodeIndex]`; all constants are read from the graph here
    /// (packing, multipliers, tables precomputed). `epilogue`: optional 256-entry
    /// int8 table applied to each output element after the op's own requantize and
    /// clamp. `inputPadding`: a PAD folded into the node, whose input the kernel
    /// then reads instead of the node's. `outputPixelStride`: the output is a
    /// channel slice of a wider tensor, its pixels this many bytes apart. Only
    /// CONV_2D supports these three. `inPlaceInputs`: CONCATENATION inputs
    /// that their producers wrote into the output, which it then skips.
    public static func makeKernel(
        nodeIndex: Int, graph: Graph, epilogue: [Int8]?, inputPadding: InputPadding? = nil,
        outputPixelStride: Int? = nil, inPlaceInputs: Set<Int> = []
    ) throws(KernelError) -> any Kernel {
        let context = try NodeContext(nodeIndex: nodeIndex, graph: graph)
        if case .conv2D(let options) = context.node.op {
            guard inPlaceInputs.isEmpty else { throw context.error("in-place inputs are only supported on CONCATENATION") }
            return try Conv2DKernel(
                context, options: options, epilogue: epilogue, inputPadding: inputPadding,
                outputPixelStride: outputPixelStride)
        }
        guard epilogue == nil else { throw context.error("an epilogue table is only supported on CONV_2D") }
        guard inputPadding == nil else { throw context.error("input padding is only supported on CONV_2D") }
        guard outputPixelStride == nil else { throw context.error("an output pixel stride is only supported on CONV_2D") }
        if case .concatenation(let axis, let activation) = context.node.op {
            return try ConcatenationKernel(context, axis: axis, activation: activation, inPlaceInputs: inPlaceInputs)
        }
        guard inPlaceInputs.isEmpty else { throw context.error("in-place inputs are only supported on CONCATENATION") }
        return try makeUnfusedKernel(context)
    }

    private static func makeUnfusedKernel(_ context: NodeContext) throws(KernelError) -> any Kernel {
        switch context.node.op {
        case .conv2D(let options): return try Conv2DKernel(context, options: options, epilogue: nil)
        case .add, .sub, .mul: return try BinaryKernel(context)
        case .logistic: return try LookupTableKernel.logistic(context)
        case .lookupTable: return try LookupTableKernel.constantTable(context)
        case .quantize:
            return try context.input(0).type == .float32
                ? QuantizeFloatKernel(context) : LookupTableKernel.requantize(context)
        case .dequantize: return try DequantizeKernel(context)
        case .softmax(let beta): return try SoftmaxKernel(context, beta: beta)
        case .concatenation(let axis, let activation):
            return try ConcatenationKernel(context, axis: axis, activation: activation)
        case .stridedSlice(let options): return try GatherKernel.stridedSlice(context, options: options)
        case .transpose: return try GatherKernel.transpose(context)
        case .pad: return try PadKernel(context)
        case .reshape: return try CopyKernel(context)
        case .maxPool2D(let options): return try MaxPoolKernel(context, options: options)
        case .resizeNearestNeighbor(let options): return try ResizeNearestKernel(context, options: options)
        }
    }
}
