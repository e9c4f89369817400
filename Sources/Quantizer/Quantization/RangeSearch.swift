import Infer

/// A range method per activation, chosen by what it does to the model's
/// outputs rather than to the activation itself.
///
/// Each method minimizes its own criterion on one tensor (`.mse` its
/// quantization error), but a clipped tail may matter more downstream than
/// its share of the error says. So, greedily in graph order: each activation
/// whose range the int8 graph uses tries the range of every method in
/// `methods`, with the choices before it kept, and keeps the one whose int8
/// graph has the highest mean output SQNR against FP32 on the judge's
/// (calibration) inputs. One int8 emission and run per candidate.
struct RangeSearch {
    /// The methods every activation may take.
    static let methods: [RangeMethod] = [.mse, .minMax, .percentile(99.99)]
    /// Candidates closer than this fraction of the range's span to one already tried are not tried.
    static let minimumChange: Float = 0.01

    let floatGraph: Graph
    let statistics: CalibrationStatistics
    let perChannel: Bool
    let judge: OutputSignalToNoise

    /// - Parameter progress: called with (activations done, activations).
    func search(
        from start: [Int: QuantizationRange], progress: (Int, Int) -> Void
    ) throws(QuantizerError) -> (ranges: [Int: QuantizationRange], outcome: RangeSearchOutcome) {
        var ranges = start
        let candidates = searchedActivations(ranges)
        var best = try decibels(ranges)
        var changed = 0
        let before = best
        progress(0, candidates.count)
        for (done, tensor) in candidates.enumerated() {
            let current = ranges[tensor]!
            var kept = current
            var tried = [current]
            for method in Self.methods {
                let candidate = RangeSelection.range(statistics.histograms[tensor]!, method: method)
                guard tried.allSatisfy({ candidate.differs(from: $0, by: Self.minimumChange) }) else { continue }
                tried.append(candidate)
                ranges[tensor] = candidate
                let value = try decibels(ranges)
                if value > best { (best, kept) = (value, candidate) }
            }
            ranges[tensor] = kept
            if kept != current { changed += 1 }
            progress(done + 1, candidates.count)
        }
        let outcome = RangeSearchOutcome(
            imageCount: judge.inputs.count, activationCount: candidates.count, changedCount: changed,
            decibelsBefore: before, decibelsAfter: best)
        return (ranges, outcome)
    }

    private func decibels(_ ranges: [Int: QuantizationRange]) throws(QuantizerError) -> Double {
        let graph = try Int8GraphEmitter(graph: floatGraph, ranges: ranges, perChannel: perChannel).emit().graph
        return try judge.meanDecibels(of: [graph])[0]
    }

    /// The calibrated activations whose own range reaches the int8 graph, in
    /// graph order: outputs of ops that requantize (not data movement, which
    /// keeps its input's range), except concatenation inputs that take the
    /// concatenation's range.
    func searchedActivations(_ ranges: [Int: QuantizationRange]) -> [Int] {
        let adopted = Int8GraphEmitter(graph: floatGraph, ranges: ranges, perChannel: perChannel).concatenationRanges()
        return floatGraph.nodes.compactMap { node -> Int? in
            let output = node.outputs[0]
            switch node.op {
            case .conv2D, .mul, .add, .concatenation:
                return adopted[output] == nil && statistics.histograms[output] != nil ? output : nil
            default:
                return nil
            }
        }
    }
}

/// What `RangeSearch` did: the outputs' mean SQNR against FP32 on the judge's
/// inputs with every range from the configured method, and after the search.
public struct RangeSearchOutcome: Sendable, Equatable {
    public var imageCount: Int
    /// Activations searched, and how many took another method's range.
    public var activationCount: Int
    public var changedCount: Int
    public var decibelsBefore: Double
    public var decibelsAfter: Double
}

extension QuantizationRange {
    /// Whether either edge moved by more than `fraction` of the wider span.
    func differs(from other: QuantizationRange, by fraction: Float) -> Bool {
        let span = max(high - low, other.high - other.low)
        return abs(low - other.low) > fraction * span || abs(high - other.high) > fraction * span
    }
}
