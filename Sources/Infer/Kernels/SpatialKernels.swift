import InferKernels

/// MAX_POOL_2D on NHWC int8, split by output rows.
final class MaxPoolKernel: RowPartitionedKernel, @unchecked Sendable {
    private let params: ik_max_pool_params
    let scratchByteCount: Int
    let rowCount: Int

    init(_ context: NodeContext, options: Pool2DOptions) throws(KernelError) {
        var p = ik_max_pool_params()
        try context.requireInputCount(1...1)
        let input = try context.input(0), output = try context.output()
        try requireSameQuantization(input, output, context)
        try context.requireShape(input, rank: 4)
        guard options.strideH > 0, options.strideW > 0, options.filterH > 0, options.filterW > 0 else {
            throw context.error("strides and filter sizes must be positive")
        }
        let vertical = windowGeometry(
            padding: options.padding, inputSize: input.shape[1], filterSize: options.filterH, stride: options.strideH)
        let horizontal = windowGeometry(
            padding: options.padding, inputSize: input.shape[2], filterSize: options.filterW, stride: options.strideW)
        let expected = [input.shape[0], vertical.outputSize, horizontal.outputSize, input.shape[3]]
        guard output.shape == expected else { throw context.error("output shape \(output.shape) is not \(expected)") }
        let (scale, zero) = try context.affine(output)
        let range = activationRange(options.activation, scale: scale, zeroPoint: zero)
        p.batches = Int32(input.shape[0])
        p.depth = Int32(input.shape[3])
        p.input_height = Int32(input.shape[1])
        p.input_width = Int32(input.shape[2])
        p.output_height = Int32(vertical.outputSize)
        p.output_width = Int32(horizontal.outputSize)
        p.filter_height = Int32(options.filterH)
        p.filter_width = Int32(options.filterW)
        p.stride_height = Int32(options.strideH)
        p.stride_width = Int32(options.strideW)
        p.padding_top = Int32(vertical.paddingBefore)
        p.padding_left = Int32(horizontal.paddingBefore)
        p.activation_min = range.lowerBound
        p.activation_max = range.upperBound
        params = p
        scratchByteCount = ik_max_pool_scratch_bytes(&p)
        rowCount = Int(ik_max_pool_row_count(&p))
    }

    func run(_ io: KernelIO, rows: Range<Int>) {
        withUnsafePointer(to: params) {
            ik_max_pool_run_rows(
                $0, io.int8Input(0), io.int8Output(), io.scratch, Int64(rows.lowerBound), Int64(rows.upperBound))
        }
    }
}

/// RESIZE_NEAREST_NEIGHBOR on NHWC int8, source indices as TFLite computes
/// them, split by output rows.
final class ResizeNearestKernel: RowPartitionedKernel, @unchecked Sendable {
    private let params: ik_resize_nearest_params
    let scratchByteCount = 0
    let rowCount: Int

    /// `outputPixelStride`: bytes between output pixels when the output is a
    /// channel slice of a wider tensor (a concatenation's); nil when contiguous.
    init(_ context: NodeContext, options: ResizeOptions, outputPixelStride: Int? = nil) throws(KernelError) {
        var p = ik_resize_nearest_params()
        try context.requireInputCount(2...2)
        let input = try context.input(0), output = try context.output()
        try requireSameQuantization(input, output, context)
        let size = try context.constantIntegers(1)
        try context.requireShape(input, rank: 4)
        guard size.count == 2, size.allSatisfy({ $0 > 0 }),
              output.shape == [input.shape[0], size[0], size[1], input.shape[3]]
        else { throw context.error("needs NHWC input, a positive [height, width] size and a matching output") }
        p.batches = Int32(input.shape[0])
        p.depth = Int32(input.shape[3])
        p.input_height = Int32(input.shape[1])
        p.input_width = Int32(input.shape[2])
        p.output_height = Int32(size[0])
        p.output_width = Int32(size[1])
        p.align_corners = options.alignCorners ? 1 : 0
        p.half_pixel_centers = options.halfPixelCenters ? 1 : 0
        p.output_pixel_stride = Int32(outputPixelStride ?? input.shape[3])
        params = p
        rowCount = Int(ik_resize_nearest_row_count(&p))
    }

    func run(_ io: KernelIO, rows: Range<Int>) {
        withUnsafePointer(to: params) {
            ik_resize_nearest_run_rows(
                $0, io.int8Input(0), io.int8Output(), Int64(rows.lowerBound), Int64(rows.upperBound))
        }
    }
}
