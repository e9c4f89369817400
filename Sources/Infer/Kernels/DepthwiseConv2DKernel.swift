import InferKernels

/// Int8 DEPTHWISE_CONV_2D (one filter per channel) with TFLite's per-channel
/// reference requantization, as Conv2DKernel's; one plain C loop, vectorized
/// over channels (YOLO11's depthwise layers are a small share of its work).
final class DepthwiseConv2DKernel: RowPartitionedKernel, @unchecked Sendable {
    private let params: ik_depthwise_conv2d_params
    // Memory the C parameters point into, kept alive with the kernel.
    private let filter: PinnedBuffer<Int8>
    private let bias: PinnedBuffer<Int32>?
    private let requantization: [PinnedBuffer<Int32>]
    /// One int32 accumulator per channel.
    let scratchByteCount: Int
    let rowCount: Int

    init(_ context: NodeContext, options: Conv2DOptions) throws(KernelError) {
        let operands = try ConvolutionOperands(context, options: options)
        let (input, filterTensor, vertical, horizontal) = (operands.input, operands.filter, operands.vertical, operands.horizontal)
        let (batches, height, width, depth) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        let (filterHeight, filterWidth) = (filterTensor.shape[1], filterTensor.shape[2])
        guard filterTensor.shape[0] == depth, filterTensor.shape[3] == 1 else {
            throw context.error("filter \(filterTensor.shape) is not [\(depth), KH, KW, 1]")
        }
        try operands.requireOutput(channels: depth, context)
        guard input.elementCount < Int(Int32.max), operands.output.elementCount < Int(Int32.max) else {
            throw context.error("tensors of 2^31 elements or more are not supported")
        }
        let multipliers = try Conv2DKernel.requantization(context, channels: depth)
        let biasValues = try Conv2DKernel.bias(context, channels: depth)
        // [channel][tap] → [tap][channel], the input's order.
        let taps = filterHeight * filterWidth
        let stored = try context.constantBytes(filterTensor)
        filter = PinnedBuffer((0..<(taps * depth)).map { Int8(bitPattern: stored[($0 % depth) * taps + $0 / depth]) })
        let multiplier = PinnedBuffer(multipliers.map(\.multiplier)), shift = PinnedBuffer(multipliers.map(\.shift))
        requantization = [multiplier, shift]
        bias = biasValues.isEmpty ? nil : PinnedBuffer(biasValues)
        let range = activationRange(options.activation, scale: operands.outputScale, zeroPoint: operands.outputZeroPoint)

        var p = ik_depthwise_conv2d_params()
        p.batches = Int32(batches)
        p.input_height = Int32(height)
        p.input_width = Int32(width)
        p.depth = Int32(depth)
        p.output_height = Int32(vertical.outputSize)
        p.output_width = Int32(horizontal.outputSize)
        p.filter_height = Int32(filterHeight)
        p.filter_width = Int32(filterWidth)
        p.stride_height = Int32(options.strideH)
        p.stride_width = Int32(options.strideW)
        p.dilation_height = Int32(options.dilationH)
        p.dilation_width = Int32(options.dilationW)
        p.padding_top = Int32(vertical.paddingBefore)
        p.padding_left = Int32(horizontal.paddingBefore)
        p.input_zero_point = operands.inputZeroPoint
        p.output_zero_point = operands.outputZeroPoint
        p.activation_min = range.lowerBound
        p.activation_max = range.upperBound
        p.filter = UnsafePointer(filter.pointer)
        p.bias = bias.map { UnsafePointer($0.pointer) }
        p.multiplier = UnsafePointer(multiplier.pointer)
        p.shift = UnsafePointer(shift.pointer)
        params = p
        scratchByteCount = depth * MemoryLayout<Int32>.stride
        rowCount = batches * vertical.outputSize
    }

    /// Filter and bias were copied at load; only the activations are read.
    func readsInputAtRunTime(_ position: Int) -> Bool { position == 0 }

    /// The filter and the bias copied at load.
    var constantByteCount: Int { filter.count + (bias?.count ?? 0) * MemoryLayout<Int32>.stride }

    func run(_ io: KernelIO, rows: Range<Int>) {
        withUnsafePointer(to: params) { params in
            ik_depthwise_conv2d_run_rows(
                params, io.int8Input(0), io.int8Output(), io.scratch!.assumingMemoryBound(to: Int32.self),
                Int32(rows.lowerBound), Int32(rows.upperBound))
        }
    }
}
