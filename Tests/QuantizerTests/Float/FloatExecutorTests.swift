import Foundation
import Testing

@testable import Infer
@testable import Quantizer

/// Each op against values worked out by hand.
@Suite struct FloatExecutorTests {
    @Test func convolutionSamePaddingAtStrideTwoPadsTheEndFirst() throws {
        // 1x4x4x1 input 1...16, 3x3 all-ones filter, stride 2, SAME: TFLite pads
        // 0 before and 1 after, so output (0,0) sums rows 0-2, columns 0-2.
        var b = FloatGraphBuilder()
        let x = b.activation([1, 4, 4, 1])
        let filter = b.constant([1, 3, 3, 1], [Float](repeating: 1, count: 9))
        let bias = b.constant([1], [0.5])
        let y = b.activation([1, 2, 2, 1])
        b.add(.conv2D(Conv2DOptions(padding: .same, strideH: 2, strideW: 2)), [x, filter, bias], y)
        let output = try b.run(input: x, output: y, (1...16).map(Float.init))
        // (1+2+3+5+6+7+9+10+11), (3+4+7+8+11+12), (9+10+11+13+14+15), (11+12+15+16), each + 0.5
        #expect(output == [54.5, 45.5, 72.5, 54.5])
    }

    @Test func convolutionMixesChannelsWithTheOHWIFilter() throws {
        // 1x1 conv, 2 in → 3 out channels: out[o] = Σ_i w[o][i] * x[i].
        var b = FloatGraphBuilder()
        let x = b.activation([1, 1, 2, 2])
        let filter = b.constant([3, 1, 1, 2], [1, 0, 0, 1, 2, -1])
        let y = b.activation([1, 1, 2, 3])
        b.add(.conv2D(Conv2DOptions(padding: .valid)), [x, filter, -1], y)
        #expect(try b.run(input: x, output: y, [3, 4, 5, 7]) == [3, 4, 2, 5, 7, 3])
    }

    @Test func padThenValidConvolutionIsOnnxSymmetricPadding() throws {
        var b = FloatGraphBuilder()
        let x = b.activation([1, 2, 2, 1])
        let padded = b.activation([1, 4, 4, 1])
        b.add(.pad, [x, b.integers([0, 0, 1, 1, 1, 1, 0, 0])], padded)
        let y = b.activation([1, 1, 1, 1])
        let filter = b.constant([1, 3, 3, 1], [Float](repeating: 1, count: 9))
        b.add(.conv2D(Conv2DOptions(padding: .valid, strideH: 2, strideW: 2)), [padded, filter, -1], y)
        #expect(try b.run(input: x, output: y, [1, 2, 3, 4]) == [10])
    }

    @Test func maxPoolSameIgnoresPadding() throws {
        var b = FloatGraphBuilder()
        let x = b.activation([1, 2, 2, 1])
        let y = b.activation([1, 2, 2, 1])
        b.add(.maxPool2D(Pool2DOptions(padding: .same, strideH: 1, strideW: 1, filterH: 3, filterW: 3)), [x], y)
        #expect(try b.run(input: x, output: y, [-4, -3, -2, -1]) == [-1, -1, -1, -1])
    }

    @Test func nearestResizeDoublesEachPixel() throws {
        var b = FloatGraphBuilder()
        let x = b.activation([1, 1, 2, 2])
        let y = b.activation([1, 2, 4, 2])
        b.add(.resizeNearestNeighbor(ResizeOptions()), [x, b.integers([2, 4])], y)
        #expect(try b.run(input: x, output: y, [1, 2, 3, 4]) == [1, 2, 1, 2, 3, 4, 3, 4, 1, 2, 1, 2, 3, 4, 3, 4])
    }

    @Test func softmaxRunsOverTheLastAxis() throws {
        var b = FloatGraphBuilder()
        let x = b.activation([2, 2])
        let y = b.activation([2, 2])
        b.add(.softmax(beta: 1), [x], y)
        let output = try b.run(input: x, output: y, [0, 0, 1000, 1000 + Float(log(3.0))])
        #expect(output.map { ($0 * 1e5).rounded() / 1e5 } == [0.5, 0.5, 0.25, 0.75])
    }

    @Test func binaryOpsBroadcastEitherOperand() throws {
        var b = FloatGraphBuilder()
        let x = b.activation([1, 2, 3])
        let row = b.constant([1, 1, 3], [10, 20, 30])
        let column = b.constant([1, 2, 1], [1, 2])
        let sum = b.activation([1, 2, 3])
        let difference = b.activation([1, 2, 3])
        let product = b.activation([1, 2, 3])
        b.add(.add(.none), [x, row], sum)
        b.add(.sub(.none), [column, sum], difference)
        b.add(.mul(.none), [difference, column], product)
        // (c - (x + r)) * c
        #expect(try b.run(input: x, output: product, [1, 2, 3, 4, 5, 6]) == [-10, -21, -32, -24, -46, -68])
    }

    @Test func sliceTransposeConcatMoveTheRightElements() throws {
        var b = FloatGraphBuilder()
        let x = b.activation([2, 3])  // [[1,2,3],[4,5,6]]
        let sliced = b.activation([2, 2])
        b.add(.stridedSlice(StridedSliceOptions()), [x, b.integers([0, 0]), b.integers([2, 3]), b.integers([1, 2])], sliced)
        let transposed = b.activation([2, 2])
        b.add(.transpose, [sliced, b.integers([1, 0])], transposed)
        let joined = b.activation([2, 4])
        b.add(.concatenation(axis: 1, activation: .none), [transposed, sliced], joined)
        let flat = b.activation([8])
        b.add(.reshape, [joined, b.integers([8])], flat)
        // sliced [[1,3],[4,6]], transposed [[1,4],[3,6]]
        #expect(try b.run(input: x, output: flat, [1, 2, 3, 4, 5, 6]) == [1, 4, 1, 3, 3, 6, 4, 6])
    }

    @Test func logisticIsTheSigmoid() throws {
        var b = FloatGraphBuilder()
        let x = b.activation([3])
        let y = b.activation([3])
        b.add(.logistic, [x], y)
        let output = try b.run(input: x, output: y, [0, 2, -2])
        #expect(output[0] == 0.5)
        #expect(abs(output[1] - 0.880797) < 1e-6 && abs(output[1] + output[2] - 1) < 1e-6)
    }

    @Test func inconsistentGraphsAreErrorsNotCrashes() throws {
        // A conv whose filter expects 3 input channels on a 2-channel input.
        var b = FloatGraphBuilder()
        let x = b.activation([1, 2, 2, 2])
        let filter = b.constant([1, 1, 1, 3], [1, 1, 1])
        let y = b.activation([1, 2, 2, 1])
        b.add(.conv2D(Conv2DOptions(padding: .valid)), [x, filter, -1], y)
        #expect(throws: FloatExecutionError.self) { try b.run(input: x, output: y, [Float](repeating: 0, count: 8)) }

        // A concat whose declared output is smaller than its inputs: caught at run time.
        var c = FloatGraphBuilder()
        let a = c.activation([1, 2])
        let joined = c.activation([1, 3])
        c.add(.concatenation(axis: 1, activation: .none), [a, a], joined)
        #expect(throws: FloatExecutionError.self) { try c.run(input: a, output: joined, [1, 2]) }

        // The wrong input size.
        #expect(throws: FloatExecutionError.inputSize(expected: 2, actual: 3)) { try c.run(input: a, output: joined, [1, 2, 3]) }
    }
}
