/// The checked operands of a convolution node (CONV_2D, DEPTHWISE_CONV_2D):
/// int8 input, filter and output of rank 4, positive strides and dilations,
/// and the window's output size and leading padding on each axis.
struct ConvolutionOperands {
    let input: Tensor, filter: Tensor, output: Tensor
    let inputZeroPoint: Int32
    let outputScale: Float, outputZeroPoint: Int32
    let vertical: (outputSize: Int, paddingBefore: Int)
    let horizontal: (outputSize: Int, paddingBefore: Int)

    init(_ context: NodeContext, options: Conv2DOptions) throws(KernelError) {
        try context.requireInputCount(2...3)
        input = try context.input(0)
        filter = try context.input(1)
        output = try context.output()
        inputZeroPoint = try context.affine(input).zeroPoint
        (outputScale, outputZeroPoint) = try context.affine(output)
        try context.requireType(filter, .int8)
        for tensor in [input, filter, output] { try context.requireShape(tensor, rank: 4) }
        guard options.strideH > 0, options.strideW > 0, options.dilationH > 0, options.dilationW > 0 else {
            throw context.error("strides and dilations must be positive")
        }
        vertical = windowGeometry(
            padding: options.padding, inputSize: input.shape[1], filterSize: filter.shape[1],
            stride: options.strideH, dilation: options.dilationH)
        horizontal = windowGeometry(
            padding: options.padding, inputSize: input.shape[2], filterSize: filter.shape[2],
            stride: options.strideW, dilation: options.dilationW)
    }

    /// Checks that the output is [batches, output height, output width, `channels`].
    func requireOutput(channels: Int, _ context: NodeContext) throws(KernelError) {
        let expected = [input.shape[0], vertical.outputSize, horizontal.outputSize, channels]
        guard output.shape == expected else { throw context.error("output shape \(output.shape) is not \(expected)") }
    }
}
