import Infer

/// Symmetric int8 convolution weights (OHWI) and their int32 biases.
enum WeightQuantizer {
    /// `perChannel`: one scale per output channel (axis 0), else one per tensor.
    static func filter(_ weights: [Float], shape: [Int], perChannel: Bool) -> (values: [Int8], quantization: Quantization) {
        let channels = perChannel ? shape[0] : 1
        let channelSize = weights.count / channels
        var values = [Int8](repeating: 0, count: weights.count)
        var scales: [Float] = []
        for channel in 0..<channels {
            let range = (channel * channelSize)..<((channel + 1) * channelSize)
            let scale = bestScale(weights[range])
            scales.append(scale)
            for index in range { values[index] = quantize(weights[index], scale: scale) }
        }
        return (values, Quantization(scales: scales, zeroPoints: Array(repeating: 0, count: channels), axis: 0))
    }

    /// The scale `max|w| / k`, k in 1...127, with the least squared error.
    /// No candidate clips; k = 127 uses every level, and a smaller k wins
    /// when the weights already lie on a coarser grid (weights that were
    /// int8 before, as in many exports), where it is exact.
    static func bestScale(_ weights: ArraySlice<Float>) -> Float {
        let largest = weights.reduce(0) { max($0, abs($1)) }
        guard largest > 0 else { return 1 }
        var best = (error: Double.infinity, scale: largest / 127)
        for levels in stride(from: 127, through: 1, by: -1) {
            let scale = largest / Float(levels)
            var error: Double = 0
            for weight in weights {
                let difference = Double(weight) - Double(Float(quantize(weight, scale: scale)) * scale)
                error += difference * difference
                if error >= best.error { break }
            }
            if error < best.error { best = (error, scale) }
            if error == 0 { break }
        }
        return best.scale
    }

    /// int32 bias in units of `inputScale · filterScale[channel]`.
    static func bias(_ bias: [Float], inputScale: Float, filterScales: [Float]) -> (values: [Int32], quantization: Quantization) {
        let scales = bias.indices.map { inputScale * filterScales[filterScales.count == 1 ? 0 : $0] }
        let values = zip(bias, scales).map { value, scale in
            Int32(clamping: Int64((Double(value) / Double(scale)).rounded()))
        }
        return (values, Quantization(scales: scales, zeroPoints: Array(repeating: 0, count: scales.count), axis: 0))
    }

    /// An int32 bias tensor's little-endian bytes.
    static func bytes(_ bias: [Int32]) -> [UInt8] {
        bias.flatMap { value in withUnsafeBytes(of: value.littleEndian, Array.init) }
    }

    static func quantize(_ value: Float, scale: Float) -> Int8 {
        Int8(clamping: Int((value / scale).rounded()))
    }
}
