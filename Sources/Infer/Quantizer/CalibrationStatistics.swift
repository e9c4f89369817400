/// Per-tensor value histograms of a float graph's activations over
/// calibration inputs (the graph input included, constants excluded).
public struct CalibrationStatistics: Sendable {
    /// By IR tensor index.
    public private(set) var histograms: [Int: ValueHistogram] = [:]
    public private(set) var runCount = 0

    public init() {}

    /// Runs `executor` on one calibration input and records every activation.
    public mutating func record(_ input: [Float], with executor: FloatExecutor) throws(FloatExecutionError) {
        histograms[executor.graph.inputs[0], default: ValueHistogram()].add(input)
        _ = try executor.run(input) { tensor, values in
            histograms[tensor, default: ValueHistogram()].add(values)
        }
        runCount += 1
    }

    /// The range `method` picks for every recorded tensor.
    public func ranges(method: RangeMethod) -> [Int: QuantizationRange] {
        histograms.mapValues { RangeSelection.range($0, method: method) }
    }
}
