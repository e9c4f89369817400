import Foundation
import Testing
@testable import Infer

@Suite("LOGISTIC, SOFTMAX, QUANTIZE, DEQUANTIZE")
struct UnaryKernelTests {
    static let allInt8 = (-128...127).map { Int8($0) }

    @Test(arguments: [(Float(0.08), Int32(-128)), (0.5, 127), (0.0123, 3)])
    func logisticFollowsTheSigmoid(scale: Float, zeroPoint: Int32) throws {
        var graph = TestGraph()
        let input = graph.int8([256], scale: scale, zeroPoint: zeroPoint)
        let output = graph.int8([256], scale: 1.0 / 256, zeroPoint: -128)
        let got = try graph.run(.logistic, inputs: [input], output: output, activations: [Self.allInt8])
        for (q, value) in zip(Self.allInt8, got) {
            let real = 1 / (1 + exp(-Double(scale) * Double(Int(q) - Int(zeroPoint))))
            let ideal = Int64(max(-128, min(127, (real * 256).rounded() - 128)))
            #expect(abs(Int64(value) - ideal) <= 1, "input \(q)")
        }
        #expect(got == got.sorted(), "monotonic")
    }

    @Test func logisticSaturatesAtBothEnds() throws {
        var graph = TestGraph()
        let input = graph.int8([2], scale: 0.5, zeroPoint: 0)
        let output = graph.int8([2], scale: 1.0 / 256, zeroPoint: -128)
        #expect(try graph.run(.logistic, inputs: [input], output: output, activations: [[-128, 127]]) == [-128, 127])
    }

    /// A table lookup long enough to be split takes rows of
    /// `LookupTableKernel.rowElements`, the last one short; any order of them
    /// gives the bytes of one pass.
    @Test func logisticRowRangesComposeToTheWholeOutput() throws {
        let count = 3 * LookupTableKernel.rowElements + 77
        var graph = TestGraph()
        let input = graph.int8([count], scale: 0.05, zeroPoint: 4)
        let output = graph.int8([count], scale: 1.0 / 256, zeroPoint: -128)
        let kernel = try #require(try KernelFactory.makeKernel(
            nodeIndex: 0, graph: graph.graph(.logistic, inputs: [input], output: output), epilogue: nil
        ) as? any RowPartitionedKernel)
        #expect(kernel.rowCount == 4)
        let values = pseudoRandomInt8(count, seed: 8).map { UInt8(bitPattern: $0) }
        let whole = execute(kernel, inputs: [values], outputByteCount: count)
        #expect(whole == execute(kernel, inputs: [values], outputByteCount: count, parts: [3..<4, 1..<3, 0..<1]))
        let table = try graph.run(.logistic, inputs: [input], output: output, activations: [Self.allInt8])
        #expect(whole == values.map { UInt8(bitPattern: table[Int(Int8(bitPattern: $0)) + 128]) })
    }

    @Test func logisticRejectsOtherOutputQuantization() {
        var graph = TestGraph()
        let input = graph.int8([4], scale: 0.1, zeroPoint: 0)
        let output = graph.int8([4], scale: 0.01, zeroPoint: 0)
        #expect(throws: KernelError.self) {
            try KernelFactory.makeKernel(nodeIndex: 0, graph: graph.graph(.logistic, inputs: [input], output: output), epilogue: nil)
        }
    }

    @Test(arguments: [Float(1), 0.5])
    func softmaxIsCloseToTheRealSoftmax(beta: Float) throws {
        let depth = 16, rows = 7, scale: Float = 0.22
        var graph = TestGraph()
        let input = graph.int8([1, rows, depth], scale: scale, zeroPoint: 28)
        let output = graph.int8([1, rows, depth], scale: 1.0 / 256, zeroPoint: -128)
        let values = pseudoRandomInt8(rows * depth, seed: 3)
        let got = try graph.run(.softmax(beta: beta), inputs: [input], output: output, activations: [values])
        for row in 0..<rows {
            let logits = (0..<depth).map { Double(beta) * Double(scale) * Double(values[row * depth + $0]) }
            let top = logits.max()!
            let exps = logits.map { exp($0 - top) }
            let sum = exps.reduce(0, +)
            for c in 0..<depth {
                let ideal = Int64(max(-128, min(127, (exps[c] / sum * 256).rounded() - 128)))
                #expect(abs(Int64(got[row * depth + c]) - ideal) <= 1, "row \(row) column \(c)")
            }
        }
    }

    @Test func softmaxOfEqualLogitsIsUniformAndOfADominantOneSaturates() throws {
        var graph = TestGraph()
        let input = graph.int8([2, 4], scale: 0.5, zeroPoint: 0)
        let output = graph.int8([2, 4], scale: 1.0 / 256, zeroPoint: -128)
        let got = try graph.run(.softmax(beta: 1), inputs: [input], output: output, activations: [[5, 5, 5, 5, 127, -128, -128, -128]])
        #expect(got == [-64, -64, -64, -64, 127, -128, -128, -128])
    }

    @Test func requantizeMatchesTheRescaleFormula() throws {
        var graph = TestGraph()
        let input = graph.int8([256], scale: 0.00390625, zeroPoint: -128)
        let output = graph.int8([256], scale: 0.003986, zeroPoint: -128)
        let got = try graph.run(.quantize, inputs: [input], output: output, activations: [Self.allInt8])
        let multiplier = QuantizedMultiplier(Double(Float(0.00390625)) / Double(Float(0.003986)))
        #expect(got == Self.allInt8.map { clampInt8(referenceRescale(Int64($0) + 128, multiplier) - 128) })
    }

    @Test func requantizeSaturates() throws {
        var graph = TestGraph()
        let input = graph.int8([3], scale: 1, zeroPoint: 0)
        let output = graph.int8([3], scale: 0.25, zeroPoint: 127)
        #expect(try graph.run(.quantize, inputs: [input], output: output, activations: [[-100, 0, 100]]) == [-128, 127, 127])
    }

    @Test func floatQuantizeRoundsHalfAwayFromZeroAndSaturates() throws {
        var graph = TestGraph()
        let input = graph.add(Tensor(name: "x", type: .float32, shape: [7]))
        let output = graph.int8([7], scale: 0.5, zeroPoint: -1)
        let kernel = try KernelFactory.makeKernel(
            nodeIndex: 0, graph: graph.graph(.quantize, inputs: [input], output: output), epilogue: nil)
        let values: [Float] = [0.25, -0.25, 0.75, 1000, -1000, .nan, 3.1]
        let bytes = values.withUnsafeBytes { Array($0) }
        let got = execute(kernel, inputs: [bytes], outputByteCount: 7).map { Int8(bitPattern: $0) }
        #expect(got == [0, -2, 1, 127, -128, -128, 5])
    }

    @Test func dequantizeScalesAndShifts() throws {
        var graph = TestGraph()
        let input = graph.int8([3], scale: 0.1, zeroPoint: 5)
        let output = graph.add(Tensor(name: "y", type: .float32, shape: [3]))
        let kernel = try KernelFactory.makeKernel(
            nodeIndex: 0, graph: graph.graph(.dequantize, inputs: [input], output: output), epilogue: nil)
        let got = execute(kernel, inputs: [[UInt8(bitPattern: -128), 5, 127]], outputByteCount: 12)
            .withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(got == [Float(Double(Float(0.1)) * -133), 0, Float(Double(Float(0.1)) * 122)])
    }
}
