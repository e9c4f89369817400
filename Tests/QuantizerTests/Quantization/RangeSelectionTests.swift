import Foundation
import Testing

@testable import Infer
@testable import Quantizer

@Suite struct ValueHistogramTests {
    @Test func mergingKeepsEveryCountInItsBin() {
        var random = SeededRandom(seed: 1)
        var histogram = ValueHistogram()
        var all: [Float] = []
        // Small values first, then a long tail that forces several width doublings, both sides.
        for scale in [0.01, 1, 30, -200] as [Double] {
            let batch = (0..<5_000).map { _ in Float(random.normal() * abs(scale) + (scale < 0 ? scale : 0)) }
            histogram.add(batch)
            all += batch
        }
        #expect(histogram.total == UInt64(all.count))
        #expect(histogram.minimum == all.min() && histogram.maximum == all.max())
        // Re-binning is exact: counting everything on the final grid gives the same histogram.
        var recount = [UInt64](repeating: 0, count: histogram.binCount)
        for value in all {
            recount[Int(((Double(value) - histogram.lowerEdge) / histogram.binWidth).rounded(.down))] += 1
        }
        #expect(recount == histogram.counts)
        // The range keeps at least half its bins in use.
        #expect(Double(histogram.maximum - histogram.minimum) > histogram.binWidth * Double(histogram.binCount) / 2 * 0.5)
    }

    @Test func ignoresNonFiniteValues() {
        var histogram = ValueHistogram()
        histogram.add([1, .nan, .infinity, -2])
        #expect(histogram.total == 2)
        #expect(histogram.minimum == -2 && histogram.maximum == 1)
    }
}

@Suite struct RangeSelectionTests {
    /// Gaussian activations with a few far outliers, the case clipping is for.
    static func samplesWithOutliers() -> [Float] {
        var random = SeededRandom(seed: 7)
        return (0..<100_000).map { index in
            index % 10_000 == 0 ? Float(40 + random.uniform() * 20) : Float(random.normal())
        }
    }

    static func histogram(_ values: [Float]) -> ValueHistogram {
        var histogram = ValueHistogram()
        histogram.add(values)
        return histogram
    }

    /// Mean squared error of quantizing `values` to int8 over `range`.
    static func quantizationError(_ values: [Float], _ range: QuantizationRange) -> Double {
        let (scale, zeroPoint) = range.asymmetricInt8
        return values.reduce(0) { sum, value in
            let q = min(max((value / scale).rounded() + Float(zeroPoint), -128), 127)
            let error = Double(value - scale * (q - Float(zeroPoint)))
            return sum + error * error
        } / Double(values.count)
    }

    @Test func minMaxIsTheObservedRange() {
        let range = RangeSelection.range(Self.histogram([-0.25, 3, 7.5]), method: .minMax)
        #expect(range == QuantizationRange(low: -0.25, high: 7.5))
    }

    @Test func rangesAlwaysContainZero() {
        let range = RangeSelection.range(Self.histogram([2, 3, 4]), method: .minMax)
        #expect(range.low == 0 && range.high == 4)
        let (scale, zeroPoint) = range.asymmetricInt8
        #expect(zeroPoint == -128)
        #expect(abs(scale - 4 / 255) < 1e-7)
    }

    @Test func asymmetricParametersRepresentZeroExactly() {
        let (scale, zeroPoint) = QuantizationRange(low: -1, high: 3).asymmetricInt8
        #expect(scale == Float(4) / 255)
        #expect(zeroPoint == -64)  // -128 + 1 / (4/255) = -64.25 → -64
    }

    @Test func percentileCutsEachTail() {
        let values = (0..<10_000).map { Float($0) }
        let range = RangeSelection.range(Self.histogram(values), method: .percentile(99))
        // 0.5% of 10,000 = 50 values off each end, to within one bin.
        let bin = Float(Self.histogram(values).binWidth)
        #expect(abs(range.low - 0) <= 0)  // the low end is clamped to include zero
        #expect(abs(range.high - 9_950) <= bin)
        let negative = RangeSelection.range(Self.histogram(values.map { $0 - 5_000 }), method: .percentile(99))
        #expect(abs(negative.low - -4_950) <= bin && abs(negative.high - 4_950) <= bin)
    }

    /// Heavy-tailed (Laplace) activations: the optimum clips the tail a little.
    static func laplaceSamples() -> [Float] {
        var random = SeededRandom(seed: 11)
        return (0..<100_000).map { _ in
            let magnitude = -log(1 - random.uniform())
            return Float(random.uniform() < 0.5 ? -magnitude : magnitude)
        }
    }

    @Test func mseKeepsFarOutliersThatWouldCostMoreClipped() {
        // Clipping ten values near 50 down to ~4 costs far more squared error than coarser steps.
        let values = Self.samplesWithOutliers()
        let histogram = Self.histogram(values)
        let mse = RangeSelection.range(histogram, method: .mse)
        #expect(mse.high > 40)
        for other in [RangeMethod.minMax, .percentile(99.99), .percentile(99.9), .entropy] {
            let range = RangeSelection.range(histogram, method: other)
            #expect(Self.quantizationError(values, mse) <= Self.quantizationError(values, range) * 1.02, "\(other)")
        }
    }

    @Test func mseClipsAHeavyTailAndBeatsTheOtherMethods() {
        let values = Self.laplaceSamples()
        let histogram = Self.histogram(values)
        let minMax = RangeSelection.range(histogram, method: .minMax)
        let mse = RangeSelection.range(histogram, method: .mse)
        #expect(mse.high < minMax.high * 0.95 && mse.low > minMax.low * 0.95)
        for other in [RangeMethod.minMax, .percentile(99.99), .percentile(99.9), .entropy] {
            let range = RangeSelection.range(histogram, method: other)
            #expect(Self.quantizationError(values, mse) <= Self.quantizationError(values, range) * 1.02, "\(other)")
        }
        #expect(Self.quantizationError(values, mse) < Self.quantizationError(values, minMax))
    }

    @Test func entropyClipsAHeavyTailAndQuantizesBetterThanMinMax() {
        let values = Self.laplaceSamples()
        let histogram = Self.histogram(values)
        let minMax = RangeSelection.range(histogram, method: .minMax)
        let entropy = RangeSelection.range(histogram, method: .entropy)
        #expect(entropy.high - entropy.low < minMax.high - minMax.low)
        #expect(Self.quantizationError(values, entropy) < Self.quantizationError(values, minMax))
    }

    @Test func emptyAndSingleValueHistogramsGiveUsableRanges() {
        #expect(RangeSelection.range(ValueHistogram(), method: .mse) == QuantizationRange(low: 0, high: 0))
        for method in [RangeMethod.minMax, .percentile(99.99), .mse, .entropy] {
            let range = RangeSelection.range(Self.histogram([Float](repeating: 0.5, count: 100)), method: method)
            #expect(range.low == 0 && range.high == 0.5, "\(method)")
        }
    }
}
