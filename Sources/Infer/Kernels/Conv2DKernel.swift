import InferKernels

/// Int8 CONV_2D (per-tensor or per-channel int8 filter, optional int32 bias)
/// with TFLite's per-channel reference requantization, run by the fastest
/// micro-kernel variant the CPU supports.
public final class Conv2DKernel: RowPartitionedKernel, @unchecked Sendable {
    /// One compiled micro-kernel (tile shape and instruction set).
    // @unchecked: it points at an immutable static C descriptor.
    public struct Variant: @unchecked Sendable, CustomStringConvertible {
        fileprivate let raw: UnsafePointer<ik_qs8_conv_variant>

        public var description: String { String(cString: raw.pointee.name) }
        public var isSupported: Bool { raw.pointee.is_supported() != 0 }

        /// Every variant built for this architecture, fastest first; the portable one is last.
        public static let all: [Variant] = (0..<ik_qs8_conv_variant_count()).map {
            Variant(raw: ik_qs8_conv_variant_at($0))
        }
        /// The fastest variant this CPU runs.
        public static let best = Variant(raw: ik_qs8_conv_best_variant())
    }

    public let variant: Variant
    private let params: ik_conv2d_params
    // Memory the C parameters point into, kept alive with the kernel.
    private let packedFilter: PinnedBuffer<Int8>
    private let channelConstants: [PinnedBuffer<Int32>]
    private let epilogue: PinnedBuffer<Int8>?

    public let scratchByteCount: Int
    public let rowCount: Int
    /// How far past the start of the output the input may begin in memory
    /// when the rows run in order on one thread: each row's input rows are
    /// staged into scratch before the row is written, so the output may
    /// overwrite input rows no later row reads. Nil for a slice of a wider
    /// tensor (in or out) or several batches.
    public let inputLead: Int?

    /// `inputPadding`: the node's input is the output of a folded PAD; the
    /// kernel reads the PAD's input and pads it itself. `inputPixelStride`,
    /// `outputPixelStride`: bytes between pixels when the input or output is
    /// a channel slice of a wider tensor (a concatenation's); nil when contiguous.
    ///
    /// In three steps: check the node and describe it to the C kernel (`describe`), work out
    /// the per-channel requantization (`requantization`), then pack the filter, bias and
    /// channel constants into buffers the kernel keeps (`pack`).
    init(
        _ context: NodeContext, options: Conv2DOptions, epilogue table: [Int8]?, inputPadding: InputPadding? = nil,
        inputPixelStride: Int? = nil, outputPixelStride: Int? = nil, variant: Variant = .best
    ) throws(KernelError) {
        if let table, table.count != 256 { throw context.error("epilogue table must have 256 entries") }
        var p = try Self.describe(
            context, options: options, inputPadding: inputPadding, inputPixelStride: inputPixelStride,
            outputPixelStride: outputPixelStride, variant: variant)
        let requantization = try Self.requantization(context, channels: Int(p.output_depth))
        let constants = try Self.pack(context, into: &p, requantization: requantization)
        let epilogueTable = table.map { PinnedBuffer($0) }
        p.epilogue = epilogueTable.map { UnsafePointer($0.pointer) }
        packedFilter = constants.filter
        channelConstants = constants.channels
        epilogue = epilogueTable
        self.variant = variant
        scratchByteCount = ik_conv2d_scratch_bytes(&p)
        params = p
        rowCount = Int(p.batches) * Int(p.output_height)
        inputLead = Self.inputLead(p)
    }

    /// Checks the node's tensors and options and describes its geometry, zero points and
    /// activation range to the C kernel; the constants' pointers are set by `pack`.
    private static func describe(
        _ context: NodeContext, options: Conv2DOptions, inputPadding: InputPadding?, inputPixelStride: Int?,
        outputPixelStride: Int?, variant: Variant
    ) throws(KernelError) -> ik_conv2d_params {
        let operands = try ConvolutionOperands(context, options: options)
        let (input, filter, vertical, horizontal) = (operands.input, operands.filter, operands.vertical, operands.horizontal)
        let (batches, inputHeight, inputWidth, depth) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        let (channels, filterHeight, filterWidth) = (filter.shape[0], filter.shape[1], filter.shape[2])
        guard filter.shape[3] == depth else {
            throw context.error("filter depth \(filter.shape[3]) does not match input depth \(depth)")
        }
        try operands.requireOutput(channels: channels, context)
        for (stride, pixel) in [(inputPixelStride, depth), (outputPixelStride, channels)] {
            if let stride, stride < pixel || stride > Int(Int32.max) {
                throw context.error("pixel stride \(stride) is outside \(pixel) ... 2^31 - 1")
            }
        }
        let extra = inputPadding ?? InputPadding(top: 0, bottom: 0, left: 0, right: 0)
        guard [extra.top, extra.bottom, extra.left, extra.right].allSatisfy({ $0 >= 0 }),
              extra.top + extra.bottom < inputHeight, extra.left + extra.right < inputWidth
        else { throw context.error("folded padding \(extra) does not fit input \(input.shape)") }
        let range = activationRange(options.activation, scale: operands.outputScale, zeroPoint: operands.outputZeroPoint)
        let block = Int(variant.raw.pointee.channel_block)

        var p = ik_conv2d_params()
        p.batches = Int32(batches)
        p.input_height = Int32(inputHeight - extra.top - extra.bottom)
        p.input_width = Int32(inputWidth - extra.left - extra.right)
        p.input_depth = Int32(depth)
        p.input_pixel_stride = Int32(inputPixelStride ?? depth)
        p.output_height = Int32(vertical.outputSize)
        p.output_width = Int32(horizontal.outputSize)
        p.output_depth = Int32(channels)
        p.output_pixel_stride = Int32(outputPixelStride ?? channels)
        p.filter_height = Int32(filterHeight)
        p.filter_width = Int32(filterWidth)
        p.stride_height = Int32(options.strideH)
        p.stride_width = Int32(options.strideW)
        p.dilation_height = Int32(options.dilationH)
        p.dilation_width = Int32(options.dilationW)
        p.padding_top = Int32(vertical.paddingBefore + extra.top)
        p.padding_left = Int32(horizontal.paddingBefore + extra.left)
        p.input_zero_point = operands.inputZeroPoint
        p.output_zero_point = operands.outputZeroPoint
        p.activation_min = range.lowerBound
        p.activation_max = range.upperBound
        p.variant = variant.raw
        p.packed_depth = ik_conv2d_packed_depth(&p)
        p.packed_channels = Int32((channels + block - 1) / block * block)
        return p
    }

    /// Each channel's input × filter / output scale as TFLite's fixed-point multiplier
    /// (inputs 0 and 1 and the output of a convolution node, depthwise too).
    static func requantization(_ context: NodeContext, channels: Int) throws(KernelError) -> [QuantizedMultiplier] {
        let (inputScale, _) = try context.affine(try context.input(0))
        let (outputScale, _) = try context.affine(try context.output())
        let multipliers = try filterScales(try context.input(1), channels: channels, context).map { filterScale in
            QuantizedMultiplier(Double(inputScale) * Double(filterScale) / Double(outputScale))
        }
        guard multipliers.allSatisfy({ (-31...30).contains($0.shift) }) else {
            throw context.error("input × filter / output scale is outside 2^-31 ... 2^31")
        }
        return multipliers
    }

    /// Packs the filter and folds the bias into the variant's layout, pads the channel
    /// constants to its channel block, and points `p` at them.
    private static func pack(
        _ context: NodeContext, into p: inout ik_conv2d_params, requantization: [QuantizedMultiplier]
    ) throws(KernelError) -> (filter: PinnedBuffer<Int8>, channels: [PinnedBuffer<Int32>]) {
        let channels = Int(p.output_depth), packedChannels = Int(p.packed_channels)
        let bias = try Self.bias(context, channels: channels)
        let packed = PinnedBuffer<Int8>(count: ik_conv2d_packed_filter_bytes(&p), repeating: 0)
        let folded = PinnedBuffer<Int32>(count: packedChannels, repeating: 0)
        let filterBytes = try context.constantBytes(try context.input(1))
        filterBytes.withUnsafeBytes { raw in
            bias.withUnsafeBufferPointer { biasValues in
                ik_conv2d_pack(
                    &p, raw.baseAddress!.assumingMemoryBound(to: Int8.self),
                    biasValues.isEmpty ? nil : biasValues.baseAddress, packed.pointer, folded.pointer)
            }
        }
        // Padding channels get a valid multiplier and no shift: computed, never stored.
        func padded(_ values: [Int32], with filler: Int32) -> PinnedBuffer<Int32> {
            PinnedBuffer(values + Array(repeating: filler, count: packedChannels - channels))
        }
        let multipliers = padded(requantization.map(\.multiplier), with: 1 << 30)
        let leftShifts = padded(requantization.map { max($0.shift, 0) }, with: 0)
        let rightShifts = padded(requantization.map { max(-$0.shift, 0) }, with: 0)
        p.packed_filter = UnsafePointer(packed.pointer)
        p.folded_bias = UnsafePointer(folded.pointer)
        p.multiplier = UnsafePointer(multipliers.pointer)
        p.left_shift = UnsafePointer(leftShifts.pointer)
        p.right_shift = UnsafePointer(rightShifts.pointer)
        return (packed, [folded, multipliers, leftShifts, rightShifts])
    }

    private static func inputLead(_ p: ik_conv2d_params) -> Int? {
        guard p.batches == 1, p.input_pixel_stride == p.input_depth, p.output_pixel_stride == p.output_depth else {
            return nil
        }
        let inputRow = Int(p.input_width) * Int(p.input_depth), outputRow = Int(p.output_width) * Int(p.output_depth)
        // Before output row `row` starts, rows 0..<row are written; its first
        // filter row is the lowest input row still to be read.
        return (1..<max(Int(p.output_height), 1)).reduce(0) { lead, row in
            let firstRead = min(max(row * Int(p.stride_height) - Int(p.padding_top), 0), Int(p.input_height))
            return max(lead, row * outputRow - firstRead * inputRow)
        }
    }

    /// Filter and bias were packed at load; only the activations are read.
    public func readsInputAtRunTime(_ position: Int) -> Bool { position == 0 }

    /// The packed filter and the folded bias (the first channel constant).
    public var constantByteCount: Int {
        packedFilter.count + channelConstants[0].count * MemoryLayout<Int32>.stride
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

    /// The optional int32 bias (input 2) of a convolution node, depthwise too.
    static func bias(_ context: NodeContext, channels: Int) throws(KernelError) -> [Int32] {
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
