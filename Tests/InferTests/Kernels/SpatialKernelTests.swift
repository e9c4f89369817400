import Testing
@testable import Infer

@Suite("MAX_POOL_2D, RESIZE_NEAREST_NEIGHBOR")
struct SpatialKernelTests {
    @Test func maxPoolSameIgnoresThePaddedBorder() throws {
        var graph = TestGraph()
        let input = graph.int8([1, 3, 3, 1], scale: 1, zeroPoint: 0)
        let output = graph.int8([1, 3, 3, 1], scale: 1, zeroPoint: 0)
        let values: [Int8] = [-100, -90, -80, -70, -60, -50, -40, -30, -128]
        let got = try graph.run(
            .maxPool2D(Pool2DOptions(padding: .same, strideH: 1, strideW: 1, filterH: 3, filterW: 3)),
            inputs: [input], output: output, activations: [values])
        // Padding never wins, even against negative values.
        #expect(got == [-60, -50, -50, -30, -30, -30, -30, -30, -30])
    }

    @Test func maxPoolValidStrideTwoWithRelu() throws {
        var graph = TestGraph()
        let input = graph.int8([1, 4, 5, 2], scale: 0.5, zeroPoint: -10)
        let output = graph.int8([1, 2, 2, 2], scale: 0.5, zeroPoint: -10)
        let values = pseudoRandomInt8(40, seed: 9)
        let got = try graph.run(
            .maxPool2D(Pool2DOptions(padding: .valid, strideH: 2, strideW: 2, filterH: 2, filterW: 2, activation: .relu)),
            inputs: [input], output: output, activations: [values])
        var want: [Int8] = []
        for y in 0..<2 { for x in 0..<2 { for c in 0..<2 {
            let offsets: [(Int, Int)] = [(0, 0), (0, 1), (1, 0), (1, 1)]
            let window: [Int8] = offsets.map { (dy, dx) in values[((2 * y + dy) * 5 + 2 * x + dx) * 2 + c] }
            want.append(max(window.max()!, -10))
        } } }
        #expect(got == want)
    }

    func resize(_ options: ResizeOptions, from size: Int, to outputSize: Int) throws -> [Int8] {
        var graph = TestGraph()
        let input = graph.int8([1, 1, size, 1], scale: 1, zeroPoint: 0)
        let sizes = graph.int32Constant([1, Int32(outputSize)])
        let output = graph.int8([1, 1, outputSize, 1], scale: 1, zeroPoint: 0)
        return try graph.run(
            .resizeNearestNeighbor(options), inputs: [input, sizes], output: output,
            activations: [(0..<size).map { Int8($0) }])
    }

    @Test func resizeSourceIndices() throws {
        // 3 → 5: scale 0.6 → floor(0, .6, 1.2, 1.8, 2.4).
        #expect(try resize(ResizeOptions(), from: 3, to: 5) == [0, 0, 1, 1, 2])
        // align corners: scale 0.5 → round(0, .5, 1, 1.5, 2), halves away from zero.
        #expect(try resize(ResizeOptions(alignCorners: true), from: 3, to: 5) == [0, 1, 1, 2, 2])
        // half pixel centers: floor((i + .5) × .6) = floor(.3, .9, 1.5, 2.1, 2.7).
        #expect(try resize(ResizeOptions(halfPixelCenters: true), from: 3, to: 5) == [0, 0, 1, 2, 2])
        // The model's ×2 upsample, and downsampling.
        #expect(try resize(ResizeOptions(), from: 3, to: 6) == [0, 0, 1, 1, 2, 2])
        #expect(try resize(ResizeOptions(), from: 5, to: 2) == [0, 2])
    }

    /// Output rows in any order and grouping, as the pool's threads take
    /// them, give the bytes of one pass, and those are the op's: SPPF's 5x5
    /// pool (each row reads rows of its neighbours) and the neck's 2x
    /// upsample, over two images.
    @Test func rowRangesComposeToTheWholeOutput() throws {
        var graph = TestGraph()
        let (height, width, depth) = (9, 7, 20)
        let input = graph.int8([2, height, width, depth], scale: 1, zeroPoint: 0)
        let pooled = graph.int8([2, height, width, depth], scale: 1, zeroPoint: 0)
        let sizes = graph.int32Constant([Int32(2 * height), Int32(2 * width)])
        let resized = graph.int8([2, 2 * height, 2 * width, depth], scale: 1, zeroPoint: 0)
        let values = pseudoRandomInt8(2 * height * width * depth, seed: 21)
        func value(_ b: Int, _ y: Int, _ x: Int, _ c: Int) -> Int8 { values[((b * height + y) * width + x) * depth + c] }
        let windowMaximum = { (b: Int, y: Int, x: Int, c: Int) -> Int8 in
            (max(0, y - 2)...min(height - 1, y + 2)).flatMap { v in
                (max(0, x - 2)...min(width - 1, x + 2)).map { u in value(b, v, u, c) }
            }.max()!
        }
        for (op, inputs, output, reference) in [
            (Operator.maxPool2D(Pool2DOptions(padding: .same, strideH: 1, strideW: 1, filterH: 5, filterW: 5)),
             [input], pooled, windowMaximum),
            (.resizeNearestNeighbor(ResizeOptions()), [input, sizes], resized, { value($0, $1 / 2, $2 / 2, $3) }),
        ] {
            let built = graph.graph(op, inputs: inputs, output: output)
            let kernel = try #require(
                try KernelFactory.makeKernel(nodeIndex: 0, graph: built, epilogue: nil) as? any RowPartitionedKernel)
            let shape = built.tensors[output].shape
            let rows = kernel.rowCount
            #expect(rows == 2 * shape[1], "\(op)")
            let operands: [[UInt8]?] = [values.map { UInt8(bitPattern: $0) }] + Array(repeating: nil, count: inputs.count - 1)
            let byteCount = built.tensors[output].byteCount
            let whole = execute(kernel, inputs: operands, outputByteCount: byteCount)
            var want: [UInt8] = []
            for b in 0..<2 { for y in 0..<shape[1] { for x in 0..<shape[2] { for c in 0..<depth {
                want.append(UInt8(bitPattern: reference(b, y, x, c)))
            } } } }
            #expect(whole == want, "\(op)")
            #expect(execute(kernel, inputs: operands, outputByteCount: byteCount, parts: shuffledRowParts(rows)) == whole, "\(op)")
        }
    }
}
