import InferKernels

/// MAX_POOL_2D on NHWC int8.
final class MaxPoolKernel: Kernel, @unchecked Sendable {
    private var params = ik_max_pool_params()
    let scratchByteCount = 0

    init(_ context: NodeContext, options: Pool2DOptions) throws(KernelError) {
        try context.requireInputCount(1...1)
        let input = try context.input(0), output = try context.output()
        try requireSameQuantization(input, output, context)
        guard input.shape.count == 4 else { throw context.error("input must be NHWC") }
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
        params.batches = Int32(input.shape[0])
        params.depth = Int32(input.shape[3])
        params.input_height = Int32(input.shape[1])
        params.input_width = Int32(input.shape[2])
        params.output_height = Int32(vertical.outputSize)
        params.output_width = Int32(horizontal.outputSize)
        params.filter_height = Int32(options.filterH)
        params.filter_width = Int32(options.filterW)
        params.stride_height = Int32(options.strideH)
        params.stride_width = Int32(options.strideW)
        params.padding_top = Int32(vertical.paddingBefore)
        params.padding_left = Int32(horizontal.paddingBefore)
        params.activation_min = range.lowerBound
        params.activation_max = range.upperBound
    }

    func run(_ io: KernelIO) {
        withUnsafePointer(to: params) { ik_max_pool_run($0, io.int8Input(0), io.int8Output()) }
    }
}

/// RESIZE_NEAREST_NEIGHBOR on NHWC int8, source indices as TFLite computes them.
final class ResizeNearestKernel: Kernel, @unchecked Sendable {
    private var params = ik_resize_nearest_params()
    let scratchByteCount = 0

    init(_ context: NodeContext, options: ResizeOptions) throws(KernelError) {
        try context.requireInputCount(2...2)
        let input = try context.input(0), output = try context.output()
        try requireSameQuantization(input, output, context)
        let size = try context.constantIntegers(1)
        guard input.shape.count == 4, size.count == 2, size.allSatisfy({ $0 > 0 }),
              output.shape == [input.shape[0], size[0], size[1], input.shape[3]]
        else { throw context.error("needs NHWC input, a positive [height, width] size and a matching output") }
        params.batches = Int32(input.shape[0])
        params.depth = Int32(input.shape[3])
        params.input_height = Int32(input.shape[1])
        params.input_width = Int32(input.shape[2])
        params.output_height = Int32(size[0])
        params.output_width = Int32(size[1])
        params.align_corners = options.alignCorners ? 1 : 0
        params.half_pixel_centers = options.halfPixelCenters ? 1 : 0
    }

    func run(_ io: KernelIO) {
        withUnsafePointer(to: params) { ik_resize_nearest_run($0, io.int8Input(0), io.int8Output()) }
    }
}
