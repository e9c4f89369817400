import Infer

/// Per-tensor value histograms of a float graph's activations over
/// calibration inputs (the graph input included, constants excluded), and
/// the per-channel means of every convolution output (for bias correction).
public struct CalibrationStatistics: Sendable {
    /// By IR tensor index.
    public private(set) var histograms: [Int: ValueHistogram] = [:]
    /// Per convolution output (by IR tensor index), the sum over runs of each channel's mean.
    private var channelSums: [Int: [Double]] = [:]
    public private(set) var runCount = 0

    public init() {}

    /// Runs `executor` on one calibration input and records every activation.
    public mutating func record(_ input: [Float], with executor: FloatExecutor) throws(FloatExecutionError) {
        histograms[executor.graph.inputs[0], default: ValueHistogram()].add(input)
        let convolutionOutputs = Set(executor.graph.nodes.filter { if case .conv2D = $0.op { true } else { false } }.map { $0.outputs[0] })
        _ = try executor.run(input) { tensor, values in
            histograms[tensor, default: ValueHistogram()].add(values)
            if convolutionOutputs.contains(tensor) {
                let channels = executor.graph.tensors[tensor].shape.last ?? 1
                channelSums[tensor, default: Array(repeating: 0, count: channels)].addChannels(of: values)
            }
        }
        runCount += 1
    }

    /// The range `method` picks for every recorded tensor.
    public func ranges(method: RangeMethod) -> [Int: QuantizationRange] {
        histograms.mapValues { RangeSelection.range($0, method: method) }
    }

    /// The mean of each channel (last axis) of every convolution output, by IR tensor index.
    public var convolutionMeans: [Int: [Double]] {
        channelSums.mapValues { sums in sums.map { $0 / Double(runCount) } }
    }
}

extension [Double] {
    /// Adds each channel's mean over the positions of `values` (channels last).
    fileprivate mutating func addChannels(of values: [Float]) {
        let channels = count, positions = values.count / channels
        var sums = [Double](repeating: 0, count: channels)
        for position in 0..<positions {
            for channel in 0..<channels { sums[channel] += Double(values[position * channels + channel]) }
        }
        for channel in 0..<channels { self[channel] += sums[channel] / Double(positions) }
    }
}
