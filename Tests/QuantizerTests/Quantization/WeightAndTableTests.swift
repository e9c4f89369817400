import Foundation
import Testing
import TestSupport

@testable import Infer
@testable import Quantizer

@Suite struct WeightAndTableTests {
    @Test("per-channel scales follow each channel's own largest weight")
    func perChannelScales() {
        var random = SeededGenerator(seed: 3)
        // Channel 1 is 100x smaller than channel 0: a shared scale would leave it ~1 level.
        let weights = (0..<2).flatMap { channel in
            (0..<27).map { _ in Float.random(in: -1...1, using: &random) * (channel == 0 ? 1 : 0.01) }
        }
        let (values, quantization) = WeightQuantizer.filter(weights, shape: [2, 3, 3, 3], perChannel: true)
        #expect(quantization.scales.count == 2)
        for channel in 0..<2 {
            let slice = weights[(channel * 27)..<((channel + 1) * 27)]
            let scale = quantization.scales[channel]
            #expect(scale <= slice.map(abs).max()! / 100, "at least 100 levels for each channel")
            for index in slice.indices {
                #expect(abs(Float(values[index]) * scale - weights[index]) <= scale / 2 * 1.0001)
            }
        }
        let perTensor = WeightQuantizer.filter(weights, shape: [2, 3, 3, 3], perChannel: false)
        #expect(perTensor.quantization.scales.count == 1)
        #expect(Set(perTensor.values[27...]).count < 5, "the small channel collapses to a few levels per tensor")
    }

    @Test("weights already on a coarser int8 grid are reproduced exactly")
    func exactOnGrid() {
        let step: Float = 0.013
        let levels: [Int] = [47, -12, 0, 3, -47, 20]
        let weights = levels.map { Float($0) * step }
        let scale = WeightQuantizer.bestScale(weights[...])
        #expect(weights.allSatisfy { Float(WeightQuantizer.quantize($0, scale: scale)) * scale == $0 })
    }

    @Test("int32 bias is the float bias in units of input scale × filter scale")
    func biasUnits() {
        let (values, quantization) = WeightQuantizer.bias([0.5, -1.25], inputScale: 0.01, filterScales: [0.1, 0.05])
        #expect(values == [500, -2500])
        let scales: [Float] = [0.01 * 0.1, 0.01 * 0.05]
        #expect(quantization.scales == scales)
    }

    @Test("the SiLU table is float SiLU rounded once into the output scale")
    func siluTable() {
        let input = (scale: Float(0.1), zeroPoint: Int32(-20)), output = (scale: Float(0.05), zeroPoint: Int32(-122))
        let table = ActivationTable.table(input: input, output: output, ActivationTable.silu)
        for level in -128...127 {
            let x = Double(input.scale) * Double(Int32(level) - input.zeroPoint)
            let expected = ActivationTable.silu(x) / Double(output.scale) + Double(output.zeroPoint)
            let entry = Double(table[level + 128])
            // Exact rounding, except where the output range clamps.
            #expect(abs(entry - min(127, max(-128, expected))) <= 0.5 + 1e-9, "level \(level)")
        }
    }

    @Test("below the flat point, SiLU rounds to zero at the output scale")
    func siluFlatPoint() {
        let scale: Float = 0.04
        let flat = Double(ActivationTable.siluFlatBelow(outputScale: scale))
        #expect(abs(ActivationTable.silu(flat - 0.01)) < Double(scale) / 2)
        #expect(abs(ActivationTable.silu(flat + 0.05)) >= Double(scale) / 2)
        let clipped = Int8GraphEmitter.siluInputRange(QuantizationRange(low: -30, high: 8), outputScale: scale)
        #expect(clipped.low == Float(flat) && clipped.high == 8)
    }
}
