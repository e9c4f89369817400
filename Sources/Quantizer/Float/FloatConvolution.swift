import Infer
import QuantizerKernels

/// A float conv2D node prepared for repeated runs: the filter repacked to HWIO once.
struct FloatConvolution {
    private var geometry: f32_conv_geometry
    private let filter: [Float]
    private let bias: [Float]?
    let outputCount: Int

    /// - Parameters: input and output are NHWC shapes; `filterOHWI` is the IR's filter.
    init(options: Conv2DOptions, input: [Int], output: [Int], filterShape: [Int], filterOHWI: [Float], bias: [Float]?) {
        let (outC, kernelH, kernelW, inC) = (filterShape[0], filterShape[1], filterShape[2], filterShape[3])
        filter = TensorIndexing.transpose(filterOHWI, shape: filterShape, permutation: [1, 2, 3, 0])
        self.bias = bias
        outputCount = output.reduce(1, *)
        let padTop = options.padding == .same
            ? WindowPaddingMath.samePadBefore(input: input[1], output: output[1], kernel: kernelH, stride: options.strideH, dilation: options.dilationH) : 0
        let padLeft = options.padding == .same
            ? WindowPaddingMath.samePadBefore(input: input[2], output: output[2], kernel: kernelW, stride: options.strideW, dilation: options.dilationW) : 0
        geometry = f32_conv_geometry(
            batch: Int32(input[0]), input_height: Int32(input[1]), input_width: Int32(input[2]), input_channels: Int32(inC),
            output_height: Int32(output[1]), output_width: Int32(output[2]), output_channels: Int32(outC),
            kernel_height: Int32(kernelH), kernel_width: Int32(kernelW),
            stride_height: Int32(options.strideH), stride_width: Int32(options.strideW),
            dilation_height: Int32(options.dilationH), dilation_width: Int32(options.dilationW),
            pad_top: Int32(padTop), pad_left: Int32(padLeft))
    }

    func run(input: [Float], output: inout [Float]) {
        var geometry = geometry
        input.withUnsafeBufferPointer { source in
            filter.withUnsafeBufferPointer { weights in
                output.withUnsafeMutableBufferPointer { destination in
                    if let bias {
                        bias.withUnsafeBufferPointer { bias in
                            f32_conv2d_nhwc(&geometry, source.baseAddress, weights.baseAddress, bias.baseAddress, destination.baseAddress)
                        }
                    } else {
                        f32_conv2d_nhwc(&geometry, source.baseAddress, weights.baseAddress, nil, destination.baseAddress)
                    }
                }
            }
        }
    }
}

/// TFLite's SAME padding: the smaller half before.
enum WindowPaddingMath {
    static func samePadBefore(input: Int, output: Int, kernel: Int, stride: Int, dilation: Int) -> Int {
        let extent = dilation * (kernel - 1) + 1
        return max((output - 1) * stride + extent - input, 0) / 2
    }
}
