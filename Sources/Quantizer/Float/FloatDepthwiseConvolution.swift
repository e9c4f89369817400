import Infer

/// A float depthwise conv2D node (one filter per channel, NHWC), the filter
/// stored tap-major once so the inner loop runs over a pixel's channels.
struct FloatDepthwiseConvolution: Sendable {
    private let input: [Int], output: [Int]
    private let kernelH: Int, kernelW: Int
    private let strides: (h: Int, w: Int), dilations: (h: Int, w: Int)
    private let padTop: Int, padLeft: Int
    /// [tap][channel].
    private let filter: [Float]
    private let bias: [Float]

    /// `input`, `output` NHWC; `filterShape` [channels, KH, KW, 1], the IR's depthwise filter.
    init(options: Conv2DOptions, input: [Int], output: [Int], filterShape: [Int], filter: [Float], bias: [Float]?) {
        (kernelH, kernelW) = (filterShape[1], filterShape[2])
        let channels = filterShape[0]
        self.input = input
        self.output = output
        strides = (options.strideH, options.strideW)
        dilations = (options.dilationH, options.dilationW)
        self.filter = TensorIndexing.transpose(filter, shape: [channels, kernelH * kernelW], permutation: [1, 0])
        self.bias = bias ?? Array(repeating: 0, count: channels)
        padTop = options.padding == .same
            ? WindowPaddingMath.samePadBefore(input: input[1], output: output[1], kernel: kernelH, stride: strides.h, dilation: dilations.h) : 0
        padLeft = options.padding == .same
            ? WindowPaddingMath.samePadBefore(input: input[2], output: output[2], kernel: kernelW, stride: strides.w, dilation: dilations.w) : 0
    }

    func run(_ source: [Float]) -> [Float] {
        let (height, width, channels) = (input[1], input[2], input[3])
        var result = [Float](repeating: 0, count: output.reduce(1, *))
        for batch in 0..<output[0] {
            for y in 0..<output[1] {
                for x in 0..<output[2] {
                    let base = ((batch * output[1] + y) * output[2] + x) * channels
                    for channel in 0..<channels { result[base + channel] = bias[channel] }
                    for ky in 0..<kernelH {
                        let sourceY = y * strides.h - padTop + ky * dilations.h
                        guard (0..<height).contains(sourceY) else { continue }
                        for kx in 0..<kernelW {
                            let sourceX = x * strides.w - padLeft + kx * dilations.w
                            guard (0..<width).contains(sourceX) else { continue }
                            let pixel = ((batch * height + sourceY) * width + sourceX) * channels
                            let tap = (ky * kernelW + kx) * channels
                            for channel in 0..<channels {
                                result[base + channel] += source[pixel + channel] * filter[tap + channel]
                            }
                        }
                    }
                }
            }
        }
        return result
    }
}
