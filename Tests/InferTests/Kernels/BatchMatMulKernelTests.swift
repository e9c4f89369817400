import Testing
@testable import Infer

@Suite("BATCH_MATMUL")
struct BatchMatMulKernelTests {
    static let (batchAxes, rows, depth, columns) = ([2, 3], 5, 37, 4)

    /// Every output as TFLite's reference computes it: the int32 sum of
    /// zero-point-corrected products, rescaled by left × right / output scale.
    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func matchesDirectComputation(adjointLeft: Bool, adjointRight: Bool) throws {
        let (rows, depth, columns) = (Self.rows, Self.depth, Self.columns)
        let batches = Self.batchAxes.reduce(1, *)
        let (leftZero, rightZero, outputZero): (Int64, Int64, Int64) = (3, -7, 5)
        let (leftScale, rightScale, outputScale): (Float, Float, Float) = (0.05, 0.02, 0.04)
        let left = pseudoRandomInt8(batches * rows * depth, seed: 1)
        let right = pseudoRandomInt8(batches * depth * columns, seed: 2)
        let multiplier = QuantizedMultiplier(Double(leftScale) * Double(rightScale) / Double(outputScale))
        var expected: [Int8] = []
        for batch in 0..<batches {
            for row in 0..<rows {
                for column in 0..<columns {
                    var sum: Int64 = 0
                    for k in 0..<depth {
                        let a = left[batch * rows * depth + (adjointLeft ? k * rows + row : row * depth + k)]
                        let b = right[batch * depth * columns + (adjointRight ? column * depth + k : k * columns + column)]
                        sum += (Int64(a) - leftZero) * (Int64(b) - rightZero)
                    }
                    expected.append(clampInt8(referenceRescale(sum, multiplier) + outputZero))
                }
            }
        }

        var graph = TestGraph()
        let leftTensor = graph.int8(
            Self.batchAxes + (adjointLeft ? [depth, rows] : [rows, depth]), scale: leftScale, zeroPoint: Int32(leftZero))
        let rightTensor = graph.int8(
            Self.batchAxes + (adjointRight ? [columns, depth] : [depth, columns]), scale: rightScale, zeroPoint: Int32(rightZero))
        let output = graph.int8(Self.batchAxes + [rows, columns], scale: outputScale, zeroPoint: Int32(outputZero))
        let got = try graph.run(
            .batchMatMul(adjointLeft: adjointLeft, adjointRight: adjointRight), inputs: [leftTensor, rightTensor],
            output: output, activations: [left, right])
        #expect(got == expected)
        #expect(Set(got).count > 10, "the outputs vary, so the comparison says something")
    }

    @Test func saturatesAtBothEnds() throws {
        var graph = TestGraph()
        let left = graph.int8([1, 2], scale: 1, zeroPoint: 0)
        let right = graph.int8([2, 2], scale: 1, zeroPoint: 0)
        let output = graph.int8([1, 2], scale: 1, zeroPoint: 0)
        let got = try graph.run(
            .batchMatMul(adjointLeft: false, adjointRight: false), inputs: [left, right], output: output,
            activations: [[100, 100], [100, -100, 100, -100]])
        #expect(got == [127, -128])
    }

    @Test func rejectsOperandsThatDoNotMultiply() {
        var graph = TestGraph()
        let left = graph.int8([2, 3, 4], scale: 1, zeroPoint: 0)
        let right = graph.int8([2, 5, 6], scale: 1, zeroPoint: 0)
        let output = graph.int8([2, 3, 6], scale: 1, zeroPoint: 0)
        #expect(throws: KernelError.self) {
            try KernelFactory.makeKernel(
                nodeIndex: 0,
                graph: graph.graph(.batchMatMul(adjointLeft: false, adjointRight: false), inputs: [left, right], output: output),
                epilogue: nil)
        }
    }
}
