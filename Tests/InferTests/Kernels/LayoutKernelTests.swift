import Testing
@testable import Infer

@Suite("CONCATENATION, STRIDED_SLICE, PAD, TRANSPOSE, RESHAPE")
struct LayoutKernelTests {
    /// 0, 1, 2, ... as int8: each element names its flat input index.
    static func iota(_ count: Int) -> [Int8] { (0..<count).map { Int8($0) } }

    func slice(
        _ shape: [Int], begin: [Int32], end: [Int32], strides: [Int32], options: StridedSliceOptions, outputShape: [Int]
    ) throws -> [Int8] {
        var graph = TestGraph()
        let input = graph.int8(shape, scale: 0.5, zeroPoint: 1)
        let b = graph.int32Constant(begin), e = graph.int32Constant(end), s = graph.int32Constant(strides)
        let output = graph.int8(outputShape, scale: 0.5, zeroPoint: 1)
        return try graph.run(
            .stridedSlice(options), inputs: [input, b, e, s], output: output, activations: [Self.iota(shape.reduce(1, *))])
    }

    @Test func sliceWithMasksLikeTheYoloSplit() throws {
        // [1, 2, 2, 4] → channels 2..<4, as the model's C2f split (begin/end masks on the first three axes).
        let got = try slice([1, 2, 2, 4], begin: [0, 0, 0, 2], end: [0, 0, 0, 4], strides: [1, 1, 1, 1],
                            options: StridedSliceOptions(beginMask: 7, endMask: 7), outputShape: [1, 2, 2, 2])
        #expect(got == [2, 3, 6, 7, 10, 11, 14, 15])
    }

    @Test func sliceWithNegativeIndicesAndStrides() throws {
        // Shape [3, 5]: rows -2... (1, 2), columns from -1 down to 0 exclusive, step -2 → 4, 2.
        let got = try slice([3, 5], begin: [-2, -1], end: [3, 0], strides: [1, -2],
                            options: StridedSliceOptions(), outputShape: [2, 2])
        #expect(got == [9, 7, 14, 12])
    }

    @Test func sliceClampsOutOfRangeBoundsAndShrinks() throws {
        // Row index 1 (shrunk away), columns 1, 3 from bounds clamped to [1, 5).
        let got = try slice([3, 5], begin: [1, 1], end: [2, 99], strides: [1, 2],
                            options: StridedSliceOptions(shrinkAxisMask: 1), outputShape: [2])
        #expect(got == [6, 8])
    }

    @Test func sliceOffsetMakesEndRelative() throws {
        // offset: end = begin + size → columns 2 ..< 2 + 2.
        let got = try slice([2, 6], begin: [0, 2], end: [2, 2], strides: [1, 1],
                            options: StridedSliceOptions(offset: true), outputShape: [2, 2])
        #expect(got == [2, 3, 8, 9])
    }

    @Test func sliceSpecShorterThanTheRankTakesTrailingAxesWhole() throws {
        let got = try slice([2, 2, 3], begin: [1], end: [2], strides: [1], options: StridedSliceOptions(), outputShape: [1, 2, 3])
        #expect(got == [6, 7, 8, 9, 10, 11])
    }

    @Test func sliceEllipsisAndNewAxis() throws {
        // x[..., 1] on [2, 2, 3] with a new leading axis: [newaxis, ..., 1] → shape [1, 2, 2].
        let got = try slice([2, 2, 3], begin: [0, 0, 1], end: [0, 0, 2], strides: [1, 1, 1],
                            options: StridedSliceOptions(ellipsisMask: 2, newAxisMask: 1, shrinkAxisMask: 4),
                            outputShape: [1, 2, 2])
        #expect(got == [1, 4, 7, 10])
    }

    @Test func concatenationCopiesAlongAnyAxis() throws {
        for (axis, want) in [(1, [0, 1, 2, 3, 10, 11, 4, 5, 6, 7, 12, 13] as [Int8]), (-1, [0, 1, 10, 2, 3, 11, 4, 5, 12, 6, 7, 13])] {
            var graph = TestGraph()
            let a = graph.int8([2, 2, 2], scale: 0.1, zeroPoint: -128)
            let b = graph.int8(axis == 1 ? [2, 1, 2] : [2, 2, 1], scale: 0.1, zeroPoint: -128)
            let out = graph.int8(axis == 1 ? [2, 3, 2] : [2, 2, 3], scale: 0.1, zeroPoint: -128)
            let got = try graph.run(
                .concatenation(axis: axis, activation: .none), inputs: [a, b], output: out,
                activations: [Self.iota(8), [10, 11, 12, 13]])
            #expect(got == want, "axis \(axis)")
        }
    }

    @Test func concatenationRequantizesInputsWithOtherScales() throws {
        var graph = TestGraph()
        let a = graph.int8([2], scale: 0.5, zeroPoint: 0)
        let b = graph.int8([4], scale: 0.25, zeroPoint: 127)
        let out = graph.int8([6], scale: 0.5, zeroPoint: 0)
        let got = try graph.run(
            .concatenation(axis: 0, activation: .none), inputs: [a, b], output: out,
            activations: [[-7, 9], [127, 126, 125, -128]])
        // b: (q - 127) × 0.25 / 0.5, rounded half away from zero: 0, -0.5 → -1, -1, -127.5 → -128.
        #expect(got == [-7, 9, 0, -1, -1, -128])
    }

    @Test func padFillsWithTheZeroPoint() throws {
        var graph = TestGraph()
        let input = graph.int8([1, 2, 2, 1], scale: 0.3, zeroPoint: -128)
        let paddings = graph.int32Constant([0, 0, 1, 0, 0, 2, 0, 0], shape: [4, 2])
        let output = graph.int8([1, 3, 4, 1], scale: 0.3, zeroPoint: -128)
        let got = try graph.run(.pad, inputs: [input, paddings], output: output, activations: [[1, 2, 3, 4]])
        #expect(got == [-128, -128, -128, -128, 1, 2, -128, -128, 3, 4, -128, -128])
    }

    @Test func transposeMovesAxes() throws {
        var graph = TestGraph()
        let input = graph.int8([1, 2, 3, 4], scale: 1, zeroPoint: 0)
        let permutation = graph.int32Constant([0, 3, 1, 2])
        let output = graph.int8([1, 4, 2, 3], scale: 1, zeroPoint: 0)
        let got = try graph.run(.transpose, inputs: [input, permutation], output: output, activations: [Self.iota(24)])
        // output[0][c][y][x] = input[0][y][x][c] = y*12 + x*4 + c
        var want: [Int8] = []
        for c in 0..<4 { for y in 0..<2 { for x in 0..<3 { want.append(Int8(y * 12 + x * 4 + c)) } } }
        #expect(got == want)
    }

    /// Large enough for the 16 × 16 tiles, with partial tiles at both edges,
    /// as the detection head's transposes.
    @Test(arguments: [[0, 3, 1, 2], [0, 2, 3, 1], [1, 0, 3, 2]])
    func tiledTransposeMovesAxes(_ permutation: [Int32]) throws {
        let shape = [2, 19, 35, 21]
        let outputShape = permutation.map { shape[Int($0)] }
        var graph = TestGraph()
        let input = graph.int8(shape, scale: 1, zeroPoint: 0)
        let axes = graph.int32Constant(permutation)
        let output = graph.int8(outputShape, scale: 1, zeroPoint: 0)
        let values = pseudoRandomInt8(shape.reduce(1, *), seed: 21)
        let got = try graph.run(.transpose, inputs: [input, axes], output: output, activations: [values])
        let strides = rowMajorStrides(shape)
        var want: [Int8] = []
        for a in 0..<outputShape[0] { for b in 0..<outputShape[1] { for c in 0..<outputShape[2] { for d in 0..<outputShape[3] {
            let index = zip([a, b, c, d], permutation).reduce(0) { $0 + $1.0 * strides[Int($1.1)] }
            want.append(values[index])
        } } } }
        #expect(got == want)
    }

    /// Row ranges that cut through planes and lines compose to the whole
    /// output, for a tiled transpose and a channel slice.
    @Test func gatherRowRangesComposeToTheWholeOutput() throws {
        var graph = TestGraph()
        let input = graph.int8([3, 17, 5, 40], scale: 1, zeroPoint: 0)
        let permutation = graph.int32Constant([0, 3, 1, 2])
        let transposed = graph.int8([3, 40, 17, 5], scale: 1, zeroPoint: 0)
        let begin = graph.int32Constant([0, 0, 0, 8]), end = graph.int32Constant([0, 0, 0, 24])
        let step = graph.int32Constant([1, 1, 1, 1])
        let sliced = graph.int8([3, 17, 5, 16], scale: 1, zeroPoint: 0)
        let values = pseudoRandomInt8(3 * 17 * 5 * 40, seed: 4).map { UInt8(bitPattern: $0) }
        for (op, inputs, output) in [
            (Operator.transpose, [input, permutation], transposed),
            (.stridedSlice(StridedSliceOptions(beginMask: 7, endMask: 7)), [input, begin, end, step], sliced),
        ] {
            let built = graph.graph(op, inputs: inputs, output: output)
            let kernel = try #require(
                try KernelFactory.makeKernel(nodeIndex: 0, graph: built, epilogue: nil) as? any RowPartitionedKernel)
            let rows = kernel.rowCount
            let operands: [[UInt8]?] = [values] + Array(repeating: nil, count: inputs.count - 1)
            let byteCount = built.tensors[output].byteCount
            let whole = execute(kernel, inputs: operands, outputByteCount: byteCount)
            #expect(execute(kernel, inputs: operands, outputByteCount: byteCount, parts: shuffledRowParts(rows)) == whole, "\(op)")
            #expect(rows > 3)
        }
    }

    @Test func transposeOfRankSix() throws {
        var graph = TestGraph()
        let shape = [2, 1, 3, 1, 2, 2]
        let input = graph.int8(shape, scale: 1, zeroPoint: 0)
        let permutation = graph.int32Constant([5, 4, 3, 2, 1, 0])
        let output = graph.int8(shape.reversed(), scale: 1, zeroPoint: 0)
        let got = try graph.run(.transpose, inputs: [input, permutation], output: output, activations: [Self.iota(24)])
        var want: [Int8] = []
        for i5 in 0..<2 { for i4 in 0..<2 { for i2 in 0..<3 { for i0 in 0..<2 {
            want.append(Int8(i0 * 12 + i2 * 4 + i4 * 2 + i5))
        } } } }
        #expect(got == want)
    }

    @Test func reshapeKeepsBytes() throws {
        var graph = TestGraph()
        let input = graph.int8([2, 3], scale: 1, zeroPoint: 0)
        let shape = graph.int32Constant([3, 2])
        let output = graph.int8([3, 2], scale: 1, zeroPoint: 0)
        #expect(try graph.run(.reshape, inputs: [input, shape], output: output, activations: [Self.iota(6)]) == Self.iota(6))
    }

    @Test func dataMovementRejectsChangedQuantization() {
        var graph = TestGraph()
        let input = graph.int8([2, 3], scale: 1, zeroPoint: 0)
        let permutation = graph.int32Constant([1, 0])
        let output = graph.int8([3, 2], scale: 2, zeroPoint: 0)
        #expect(throws: KernelError.self) {
            try KernelFactory.makeKernel(
                nodeIndex: 0, graph: graph.graph(.transpose, inputs: [input, permutation], output: output), epilogue: nil)
        }
    }
}
