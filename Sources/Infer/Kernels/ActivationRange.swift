/// The int8 output clamp of a fused activation, as TFLite's
/// CalculateActivationRangeQuantized: bounds quantized with round-half-away.
func activationRange(_ activation: FusedActivation, scale: Float, zeroPoint: Int32) -> ClosedRange<Int32> {
    func quantize(_ real: Float) -> Int32 {
        zeroPoint + Int32((real / scale).rounded(.toNearestOrAwayFromZero))
    }
    let (low, high): (Int32, Int32) =
        switch activation {
        case .none: (-128, 127)
        case .relu: (max(-128, quantize(0)), 127)
        case .relu6: (max(-128, quantize(0)), min(127, quantize(6)))
        case .reluN1To1: (max(-128, quantize(-1)), min(127, quantize(1)))
        }
    return low...max(low, high)
}

/// TFLite's ComputePaddingHeightWidth for one axis: the output size and the
/// leading padding (the reference kernels ignore the odd trailing pixel).
func windowGeometry(
    padding: Padding, inputSize: Int, filterSize: Int, stride: Int, dilation: Int = 1
) -> (outputSize: Int, paddingBefore: Int) {
    let effectiveFilter = (filterSize - 1) * dilation + 1
    let outputSize =
        switch padding {
        case .same: (inputSize + stride - 1) / stride
        case .valid: (inputSize - effectiveFilter + stride) / stride
        }
    let total = (outputSize - 1) * stride + effectiveFilter - inputSize
    return (outputSize, max(0, total / 2))
}
