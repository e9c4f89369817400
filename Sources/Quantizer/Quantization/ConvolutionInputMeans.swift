import Infer

/// The mean of a convolution's input under each filter tap, over all output
/// positions and inputs: for tap (ky, kx, c), the mean of the input value that
/// the filter weight `[o, ky, kx, c]` multiplies. A convolution is linear, so
/// the mean of its output channel o is `bias[o] + Σ w[o, tap] · mean[tap]`
/// exactly; bias correction uses this to get the int8 engine's pre-activation
/// means, before output rounding and clamping, from the int8 input alone.
struct ConvolutionInputMeans {
    /// The unpadded input `[1, H, W, C]` and the padding before it (explicit
    /// PAD nodes and the convolution's own SAME padding together); padded
    /// positions count as 0.
    struct Window: Equatable {
        var height: Int, width: Int, channels: Int
        var kernelHeight: Int, kernelWidth: Int
        var strideH: Int, strideW: Int
        var dilationH: Int, dilationW: Int
        var padTop: Int, padLeft: Int
        var outputHeight: Int, outputWidth: Int
    }

    let window: Window
    /// Per tap, in the filter's HWI order.
    private var sums: [Int64]
    private var positions = 0

    init(window: Window) {
        self.window = window
        sums = Array(repeating: 0, count: window.kernelHeight * window.kernelWidth * window.channels)
    }

    /// Adds one input, as int8 levels minus the zero point (so the means are in
    /// units of the input scale).
    mutating func add(_ levels: [Int8], zeroPoint: Int32) {
        let w = window, channels = w.channels
        precondition(levels.count == w.height * w.width * channels, "input size differs from the window")
        let offset = Int64(zeroPoint)
        levels.withUnsafeBufferPointer { values in
            sums.withUnsafeMutableBufferPointer { sums in
                for ky in 0..<w.kernelHeight {
                    for oy in 0..<w.outputHeight {
                        let iy = oy * w.strideH + ky * w.dilationH - w.padTop
                        guard iy >= 0, iy < w.height else { continue }
                        for kx in 0..<w.kernelWidth {
                            let tap = (ky * w.kernelWidth + kx) * channels
                            for ox in 0..<w.outputWidth {
                                let ix = ox * w.strideW + kx * w.dilationW - w.padLeft
                                guard ix >= 0, ix < w.width else { continue }
                                let base = (iy * w.width + ix) * channels
                                for c in 0..<channels { sums[tap + c] += Int64(values[base + c]) - offset }
                            }
                        }
                    }
                }
            }
        }
        positions += w.outputHeight * w.outputWidth
    }

    /// Per tap (HWI order), the mean input; zeros before any input.
    var means: [Double] {
        guard positions > 0 else { return Array(repeating: 0, count: sums.count) }
        return sums.map { Double($0) / Double(positions) }
    }
}
