import Testing

@testable import Infer
@testable import Quantizer

/// `RangeSearch` on `SyntheticDetector`: each activation's method chosen by the outputs' SQNR.
@Suite struct RangeSearchTests {
    /// A greedy search repairs one bad choice among good ones; it cannot
    /// climb out of many at once (each single fix is drowned by the rest).
    @Test("an activation clipped to a fifth of its range gets a searched method's range back", arguments: [0, 3, 6])
    func repairsOneClippedRange(position: Int) throws {
        let quantizer = try SyntheticDetector.quantizer(size: 16)
        let search = RangeSearch(
            floatGraph: quantizer.floatGraph, statistics: quantizer.statistics, perChannel: true, judge: try Self.judge(quantizer))
        var start = quantizer.statistics.ranges(method: .mse)
        let tensor = search.searchedActivations(start)[position]
        let clipped = QuantizationRange(low: start[tensor]!.low / 5, high: start[tensor]!.high / 5)
        start[tensor] = clipped
        let result = try search.search(from: start) { _, _ in }
        #expect(result.ranges[tensor] != clipped)
        #expect(result.outcome.changedCount >= 1)
        #expect(result.outcome.decibelsAfter > result.outcome.decibelsBefore + 3)
    }

    @Test("the outcome is what the kept graph scores: the search never keeps a worse choice")
    func keptGraphScoresTheOutcome() throws {
        let quantizer = try SyntheticDetector.quantizer(size: 16)
        let model = try quantizer.quantize(QuantizerOptions(biasCorrection: false, rangeSearch: true))
        let outcome = try #require(model.rangeSearch)
        #expect(outcome.decibelsAfter >= outcome.decibelsBefore)
        #expect(try Self.judge(quantizer).meanDecibels(of: [model.graph])[0] == outcome.decibelsAfter)
    }

    /// What `quantize` judges by: the first 8 calibration inputs, here all 4.
    static func judge(_ quantizer: ModelQuantizer) throws -> OutputSignalToNoise {
        try OutputSignalToNoise(
            floatExecutor: FloatExecutor(graph: quantizer.floatGraph),
            inputs: SyntheticDetector.inputs(size: 16, count: 4).map { $0.map(ModelQuantizer.inputQuantization.quantize) })
    }

    @Test("without --range-search there is no search outcome")
    func offByDefault() throws {
        #expect(try SyntheticDetector.quantizer(size: 16).quantize(QuantizerOptions()).rangeSearch == nil)
    }
}
