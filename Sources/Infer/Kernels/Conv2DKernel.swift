import InferKernels

/// Int8 CONV_2D (per-tensor or per-channel int8 filter, optional int32 bias)
/// with TFLite's per-channel reference requantization.
public final class Conv2DKernel: RowPartitionedKernel, @unchecked Sendable {
    private let params: ik_conv2d_params
    private let packedFilter: PinnedBuffer<Int16>
    private let foldedBias: PinnedBuffer<Int32>
    private let multipliers: PinnedBuffer<Int32>
    private let shifts: PinnedBuffer<Int32>
    private let epilogue: PinnedBuffer<Int8>?

    public let scratchByteCount: Int
    public let rowCount: Int

    init(_ context: NodeContext, options: Conv2DOptions, epilogue table: [Int8]?) throws(KernelError) {
        try context.requireInputCount(2...3)
        let input = try context.input(0), filter = try context.input(1), output = try context.output()
        let (inputScale, inputZeroPoint) = try context.affine(input)
        let (outputScale, outputZeroPoint) = try context.affine(output)
        try context.requireType(filter, .int8)
        for tensor in [input, filter, output] { try context.requireShape(tensor, rank: 4) }
        guard options.strideH > 0, options.strideW > 0, options.dilationH > 0, options.dilationW > 0 else {
            throw context.error("strides and dilations must be positive")
        }
        let (batches, inputHeight, inputWidth, depth) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        let (channels, filterHeight, filterWidth) = (filter.shape[0], filter.shape[1], filter.shape[2])
        guard filter.shape[3] == depth else {
            throw context.error("filter depth \(filter.shape[3]) does not match input depth \(depth)")
        }
        let vertical = windowGeometry(
            padding: options.padding, inputSize: inputHeight, filterSize: filterHeight,
            stride: options.strideH, dilation: options.dilationH)
        let horizontal = windowGeometry(
            padding: options.padding, inputSize: inputWidth, filterSize: filterWidth,
            stride: options.strideW, dilation: options.dilationW)
        guard output.shape == [batches, vertical.outputSize, horizontal.outputSize, channels] else {
            throw context.error(
                "output shape \(output.shape) is not [\(batches), \(vertical.outputSize), \(horizontal.outputSize), \(channels)]")
        }
        let filterScales = try Self.filterScales(filter, channels: channels, context)
        let bias = try Self.bias(context, channels: channels)
        if let table, table.count != 256 { throw context.error("epilogue table must have 256 entries") }

        let multiplierList = filterScales.map { filterScale in
            QuantizedMultiplier(Double(inputScale) * Double(filterScale) / Double(outputScale))
        }
        let range = activationRange(options.activation, scale: outputScale, zeroPoint: outputZeroPoint)
        let reduction = filterHeight * filterWidth * depth
        let alignment = Int(IK_CONV2D_DEPTH_ALIGNMENT), block = Int(IK_CONV2D_CHANNEL_BLOCK)

        var p = ik_conv2d_params()
        p.batches = Int32(batches)
        p.input_height = Int32(inputHeight)
        p.input_width = Int32(inputWidth)
        p.input_depth = Int32(depth)
        p.output_height = Int32(vertical.outputSize)
        p.output_width = Int32(horizontal.outputSize)
        p.output_depth = Int32(channels)
        p.filter_height = Int32(filterHeight)
        p.filter_width = Int32(filterWidth)
        p.stride_height = Int32(options.strideH)
        p.stride_width = Int32(options.strideW)
        p.dilation_height = Int32(options.dilationH)
        p.dilation_width = Int32(options.dilationW)
        p.padding_top = Int32(vertical.paddingBefore)
        p.padding_left = Int32(horizontal.paddingBefore)
        p.input_zero_point = inputZeroPoint
        p.output_zero_point = outputZeroPoint
        p.activation_min = range.lowerBound
        p.activation_max = range.upperBound
        p.packed_depth = Int32((reduction + alignment - 1) / alignment * alignment)
        p.packed_channels = Int32((channels + block - 1) / block * block)

        let packed = PinnedBuffer<Int16>(count: ik_conv2d_packed_filter_count(&p), repeating: 0)
        let folded = PinnedBuffer<Int32>(count: channels, repeating: 0)
        let filterBytes = try context.constantBytes(filter)
        filterBytes.withUnsafeBytes { raw in
            bias.withUnsafeBufferPointer { biasValues in
                ik_conv2d_pack(
                    &p, raw.baseAddress!.assumingMemoryBound(to: Int8.self),
                    biasValues.isEmpty ? nil : biasValues.baseAddress, packed.pointer, folded.pointer)
            }
        }
        packedFilter = packed
        foldedBias = folded
        let multiplierValues = PinnedBuffer(multiplierList.map(\.multiplier))
        let shiftValues = PinnedBuffer(multiplierList.map(\.shift))
        let epilogueTable = table.map { PinnedBuffer($0) }
        p.packed_filter = UnsafePointer(packed.pointer)
        p.folded_bias = UnsafePointer(folded.pointer)
        p.multiplier = UnsafePointer(multiplierValues.pointer)
        p.shift = UnsafePointer(shiftValues.pointer)
        p.epilogue = epilogueTable.map { UnsafePointer($0.pointer) }
        multipliers = multiplierValues
        shifts = shiftValues
        epilogue = epilogueTable
        scratchByteCount = ik_conv2d_scratch_bytes(&p)
        params = p
        rowCount = batches * vertical.outputSize
    }

    public func run(_ io: KernelIO) {
        run(io, rows: 0..<rowCount)
    }

    public func run(_ io: KernelIO, rows: Range<Int>) {
        withUnsafePointer(to: params) { params in
            ik_conv2d_run_rows(
                params, io.int8Input(0), io.int8Output(), io.scratch, Int32(rows.lowerBound), Int32(rows.upperBound))
        }
    }

    private static func filterScales(_ filter: Tensor, channels: Int, _ context: NodeContext) throws(KernelError) -> [Float] {
        guard let quantization = filter.quantization, !quantization.scales.isEmpty,
              quantization.zeroPoints.count == quantization.scales.count
        else { throw context.error("filter '\(filter.name)' needs as many zero points as scales") }
        if quantization.isPerChannel {
            guard quantization.scales.count == channels, quantization.axis == 0 else {
                throw context.error("per-channel filter needs \(channels) scales along axis 0")
            }
        }
        guard quantization.zeroPoints.allSatisfy({ $0 == 0 }) else {
            throw context.error("filter zero points must be 0 (symmetric int8 weights)")
        }
        let scales = quantization.isPerChannel ? quantization.scales : Array(repeating: quantization.scale, count: channels)
        guard scales.allSatisfy({ $0 > 0 && $0.isFinite }) else { throw context.error("filter scales must be positive") }
        return scales
    }

    private static func bias(_ context: NodeContext, channels: Int) throws(KernelError) -> [Int32] {
        guard let bias = try context.optionalInput(2) else { return [] }
        try context.requireType(bias, .int32)
        guard bias.elementCount == channels else {
            throw context.error("bias has \(bias.elementCount) values for \(channels) channels")
        }
        let bytes = try context.constantBytes(bias)
        return (0..<channels).map { channel in
            let base = channel * 4
            let bits = UInt32(bytes[base]) | UInt32(bytes[base + 1]) << 8 | UInt32(bytes[base + 2]) << 16
                | UInt32(bytes[base + 3]) << 24
            return Int32(bitPattern: bits)
        }
    }
}
