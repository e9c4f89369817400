import TestSupport
import Testing
@testable import Infer

/// Convolutions write a concatenation's inputs straight into their slices of
/// its output; the concatenation then copies nothing, or only the rest.
@Suite struct InPlaceConcatenationTests {
    static let outputParameters = (scale: Float(0.04), zeroPoint: Int32(-9))

    /// The tensors of `graph(...)` that the tests look at.
    struct Tensors {
        var plain = 0, silu = 0, pooled = 0, concatenated = 0
    }

    /// input [1,5,6,4] → CONV_2D 1x1 (8 ch)                       → plain  ┐
    ///                 → CONV_2D 3x3 (12 ch) → LOGISTIC → MUL     → silu   ├ CONCATENATION (channels) → CONV_2D 1x1
    ///                 → MAX_POOL_2D 1x1 (4 ch), when `pooled`    → pooled ┘
    /// `requantized`: plain and silu are quantized unlike the concatenation.
    /// `siluIsReadElsewhere`: silu is also a graph output. `plainIsConvolved`:
    /// a CONV_2D 1x1 also reads plain, into a second graph output.
    static func graph(
        requantized: Bool, pooled: Bool = false, siluIsReadElsewhere: Bool = false, plainIsConvolved: Bool = false,
        seed: UInt64 = 1
    ) -> (Graph, Tensors) {
        var random = SeededGenerator(seed: seed)
        var builder = GraphBuilder()
        var tensors = Tensors()
        let (scale, zeroPoint) = outputParameters
        let input = builder.activation([1, 5, 6, 4], scale: 0.02, zeroPoint: -14)
        func convolution(from source: Int, depth: Int, channels: Int, size: Int, to output: Int) {
            let filter = builder.int8Constant(
                [channels, size, size, depth],
                values: (0..<(channels * size * size * depth)).map { _ in Int8.random(in: -127...127, using: &random) },
                quantization: Quantization(scale: 0.006, zeroPoint: 0))
            builder.add(.conv2D(Conv2DOptions(padding: .same)), inputs: [source, filter], outputs: [output])
        }
        tensors.plain = builder.activation(
            [1, 5, 6, 8], scale: requantized ? 0.07 : scale, zeroPoint: requantized ? 5 : zeroPoint)
        convolution(from: input, depth: 4, channels: 8, size: 1, to: tensors.plain)
        let convolved = builder.activation([1, 5, 6, 12], scale: 0.05, zeroPoint: 3)
        let sigmoid = builder.activation([1, 5, 6, 12], scale: 1.0 / 256, zeroPoint: -128)
        tensors.silu = builder.activation(
            [1, 5, 6, 12], scale: requantized ? 0.025 : scale, zeroPoint: requantized ? -120 : zeroPoint)
        convolution(from: input, depth: 4, channels: 12, size: 3, to: convolved)
        builder.add(.logistic, inputs: [convolved], outputs: [sigmoid])
        builder.add(.mul(.none), inputs: [convolved, sigmoid], outputs: [tensors.silu])
        var parts = [tensors.plain, tensors.silu]
        if pooled {
            tensors.pooled = builder.activation([1, 5, 6, 4], scale: 0.02, zeroPoint: -14)
            builder.add(
                .maxPool2D(Pool2DOptions(padding: .same, strideH: 1, strideW: 1, filterH: 1, filterW: 1)),
                inputs: [input], outputs: [tensors.pooled])
            parts.append(tensors.pooled)
        }
        let channels = pooled ? 24 : 20
        tensors.concatenated = builder.activation([1, 5, 6, channels], scale: scale, zeroPoint: zeroPoint)
        builder.add(.concatenation(axis: -1, activation: .none), inputs: parts, outputs: [tensors.concatenated])
        let output = builder.activation([1, 5, 6, 6], scale: 0.1, zeroPoint: 0)
        convolution(from: tensors.concatenated, depth: channels, channels: 6, size: 1, to: output)
        var outputs = siluIsReadElsewhere ? [output, tensors.silu] : [output]
        if plainIsConvolved {
            outputs.append(builder.activation([1, 5, 6, 2], scale: 0.1, zeroPoint: 0))
            convolution(from: tensors.plain, depth: 8, channels: 2, size: 1, to: outputs.last!)
        }
        return (builder.graph(inputs: [input], outputs: outputs), tensors)
    }

    /// Runs `graph` with and without in-place concatenation on the same input;
    /// every graph output must match.
    static func expectSameOutputs(_ graph: Graph, _ inPlace: Engine, seed: UInt64 = 3) throws {
        let reference = try Engine(graph: graph, options: EngineOptions(rewritesSchedule: false))
        EngineTests.fill(inPlace, seed: seed)
        EngineTests.fill(reference, seed: seed)
        inPlace.run()
        reference.run()
        for output in graph.outputs {
            #expect(inPlace.contents(of: output) == reference.contents(of: output), "output \(output)")
        }
    }

    static func concatenationRuns(_ engine: Engine, _ graph: Graph) -> Bool {
        engine.schedule.contains { step in
            if case .concatenation = graph.nodes[step.node].op { true } else { false }
        }
    }

    @Test(arguments: [false, true], 1...3 as ClosedRange<UInt64>)
    func convolutionsWriteTheirSlicesAndNoConcatenationRuns(requantized: Bool, seed: UInt64) throws {
        let (graph, tensors) = Self.graph(requantized: requantized, seed: seed)
        let engine = try Engine(graph: graph)
        #expect(!Self.concatenationRuns(engine, graph), "the concatenation is still a step")
        #expect(engine.slices[tensors.plain] == TensorSlice(
            base: tensors.concatenated, offset: 0, rowBytes: 8, rowStride: 20, rows: 30, isRequantized: requantized))
        #expect(engine.slices[tensors.silu] == TensorSlice(
            base: tensors.concatenated, offset: 8, rowBytes: 12, rowStride: 20, rows: 30, isRequantized: requantized))
        try Self.expectSameOutputs(graph, engine, seed: seed + 10)
    }

    /// Each tensor as written, before the arena reuses its bytes.
    static func observe(_ engine: Engine, seed: UInt64) -> [Int: [UInt8]] {
        EngineTests.fill(engine, seed: seed)
        var written: [Int: [UInt8]] = [:]
        engine.run { tensor, bytes in written[tensor] = bytes }
        return written
    }

    @Test func aSliceReadsBackAsTheTensorItHolds() throws {
        let (graph, tensors) = Self.graph(requantized: false)
        let inPlace = try Engine(graph: graph)
        let reference = Self.observe(try Engine(graph: graph, options: EngineOptions(rewritesSchedule: false)), seed: 5)
        let written = Self.observe(inPlace, seed: 5)
        for tensor in [tensors.plain, tensors.silu] {
            #expect(written[tensor] != nil && written[tensor] == reference[tensor], "tensor \(tensor)")
        }
        // Read by the last step only, so its bytes are still there.
        #expect(inPlace.contents(of: tensors.concatenated) == reference[tensors.concatenated])
    }

    @Test func aRequantizedSliceIsNotObserved() throws {
        let (graph, tensors) = Self.graph(requantized: true)
        let written = Self.observe(try Engine(graph: graph), seed: 6)
        #expect(written[tensors.plain] == nil && written[tensors.silu] == nil)
        #expect(written[graph.outputs[0]] != nil)
    }

    @Test(arguments: [false, true])
    func inputsNotFromAConvolutionAreStillCopied(requantized: Bool) throws {
        let (graph, tensors) = Self.graph(requantized: requantized, pooled: true)
        let engine = try Engine(graph: graph)
        #expect(Self.concatenationRuns(engine, graph))
        #expect(engine.slices[tensors.pooled] == nil)
        #expect(engine.slices[tensors.plain]?.rowStride == 24 && engine.slices[tensors.silu]?.offset == 8)
        try Self.expectSameOutputs(graph, engine)
    }

    /// A convolution reads plain with a pixel stride; requantized in the
    /// slice, plain would not be its own values, so it is copied instead.
    @Test(arguments: [false, true])
    func anInputAConvolutionAlsoReadsIsInPlaceUnlessRequantized(requantized: Bool) throws {
        let (graph, tensors) = Self.graph(requantized: requantized, plainIsConvolved: true)
        let engine = try Engine(graph: graph)
        #expect((engine.slices[tensors.plain] != nil) == !requantized)
        #expect(engine.slices[tensors.silu] != nil)
        try Self.expectSameOutputs(graph, engine)
    }

    @Test func anInputReadElsewhereIsNotWrittenInPlace() throws {
        let (graph, tensors) = Self.graph(requantized: false, siluIsReadElsewhere: true)
        let engine = try Engine(graph: graph)
        #expect(engine.slices[tensors.silu] == nil)
        #expect(engine.slices[tensors.plain] != nil)
        #expect(Self.concatenationRuns(engine, graph))
        try Self.expectSameOutputs(graph, engine)
    }

    /// input [1,4,6,3] → ADD (itself) → [1,4,6,3] ┐ CONCATENATION (axis 1: contiguous slices)
    ///                 → CONV_2D 3x3  → [1,2,6,3] ┘
    @Test func contiguousSlicesTakeAnyProducer() throws {
        var random = SeededGenerator(seed: 21)
        var builder = GraphBuilder()
        let input = builder.activation([1, 4, 6, 3], scale: 0.02, zeroPoint: -14)
        let doubled = builder.activation([1, 4, 6, 3], scale: 0.03, zeroPoint: 1)
        builder.add(.add(.none), inputs: [input, input], outputs: [doubled])
        let filter = builder.int8Constant(
            [3, 3, 3, 3], values: (0..<81).map { _ in Int8.random(in: -127...127, using: &random) },
            quantization: Quantization(scale: 0.006, zeroPoint: 0))
        let convolved = builder.activation([1, 2, 6, 3], scale: 0.05, zeroPoint: 2)
        builder.add(.conv2D(Conv2DOptions(padding: .same, strideH: 2, strideW: 1)),
                    inputs: [input, filter], outputs: [convolved])
        let stacked = builder.activation([1, 6, 6, 3], scale: 0.03, zeroPoint: 1)
        builder.add(.concatenation(axis: 1, activation: .none), inputs: [doubled, convolved], outputs: [stacked])
        let graph = builder.graph(inputs: [input], outputs: [stacked])
        let engine = try Engine(graph: graph)
        #expect(!Self.concatenationRuns(engine, graph))
        #expect(engine.slices[doubled] == TensorSlice(
            base: stacked, offset: 0, rowBytes: 72, rowStride: 108, rows: 1, isRequantized: false))
        #expect(engine.slices[convolved] == TensorSlice(
            base: stacked, offset: 72, rowBytes: 36, rowStride: 108, rows: 1, isRequantized: true))
        try Self.expectSameOutputs(graph, engine)
    }

    /// input [1,4,6,8] → STRIDED_SLICE channels 2..<5 ┐ CONCATENATION (channels) → [1,4,6,11]
    ///                 → ADD (itself)                ┘
    ///                     → TRANSPOSE to [1,8,4,6] ┐ CONCATENATION (axis 2, rows of 24 in 48) → [1,8,8,6]
    ///   input             → TRANSPOSE to [1,8,4,6] ┘
    @Test(arguments: [1, 2])
    func slicesAndTransposesWriteStridedSlices(threads: Int) throws {
        var builder = GraphBuilder()
        let input = builder.activation([1, 4, 6, 8], scale: 0.02, zeroPoint: -14)
        let begin = builder.int32Constant([4], values: [0, 0, 0, 2])
        let end = builder.int32Constant([4], values: [1, 4, 6, 5])
        let step = builder.int32Constant([4], values: [1, 1, 1, 1])
        let sliced = builder.activation([1, 4, 6, 3], scale: 0.02, zeroPoint: -14)
        builder.add(.stridedSlice(StridedSliceOptions()), inputs: [input, begin, end, step], outputs: [sliced])
        let doubled = builder.activation([1, 4, 6, 8], scale: 0.02, zeroPoint: -14)
        builder.add(.add(.none), inputs: [input, input], outputs: [doubled])
        let channels = builder.activation([1, 4, 6, 11], scale: 0.02, zeroPoint: -14)
        builder.add(.concatenation(axis: 3, activation: .none), inputs: [sliced, doubled], outputs: [channels])
        let permutation = builder.int32Constant([4], values: [0, 3, 1, 2])
        let (first, second) = (
            builder.activation([1, 8, 4, 6], scale: 0.02, zeroPoint: -14),
            builder.activation([1, 8, 4, 6], scale: 0.02, zeroPoint: -14))
        builder.add(.transpose, inputs: [doubled, permutation], outputs: [first])
        builder.add(.transpose, inputs: [input, permutation], outputs: [second])
        let stacked = builder.activation([1, 8, 8, 6], scale: 0.02, zeroPoint: -14)
        builder.add(.concatenation(axis: 2, activation: .none), inputs: [first, second], outputs: [stacked])
        let graph = builder.graph(inputs: [input], outputs: [channels, stacked])

        let engine = try Engine(graph: graph, options: EngineOptions(threads: threads))
        #expect(engine.slices[sliced] == TensorSlice(
            base: channels, offset: 0, rowBytes: 3, rowStride: 11, rows: 24, isRequantized: false))
        #expect(engine.slices[doubled] == nil, "a TRANSPOSE reads the sum too")
        #expect(engine.slices[second] == TensorSlice(
            base: stacked, offset: 24, rowBytes: 24, rowStride: 48, rows: 8, isRequantized: false))
        #expect(engine.slices[first] != nil)
        #expect(engine.stepCount == 5, "slice, add, the channel concatenation (copying the sum), two transposes")
        try Self.expectSameOutputs(graph, engine)
    }

    /// As the neck: input [1,2,3,4] → RESIZE_NEAREST_NEIGHBOR [1,4,6,4]               ┐ CONCATENATION
    ///                 → CONV_2D 1x1 (3 ch) → RESIZE_NEAREST_NEIGHBOR [1,4,6,3] ┘ (channels) → [1,4,6,7]
    /// Both upsamplings store their pixels straight into the concatenation.
    @Test(arguments: [1, 2])
    func upsamplingsWriteTheirChannelSlices(threads: Int) throws {
        var builder = GraphBuilder()
        let input = builder.activation([1, 2, 3, 4], scale: 0.02, zeroPoint: -14)
        let size = builder.int32Constant([2], values: [4, 6])
        let upsampled = builder.activation([1, 4, 6, 4], scale: 0.02, zeroPoint: -14)
        builder.add(.resizeNearestNeighbor(ResizeOptions()), inputs: [input, size], outputs: [upsampled])
        let filter = builder.int8Constant(
            [3, 1, 1, 4], values: [1, -2, 3, 4, -5, 6, 7, 8, -9, 10, 11, 12],
            quantization: Quantization(scale: 0.01, zeroPoint: 0))
        let mixed = builder.activation([1, 2, 3, 3], scale: 0.02, zeroPoint: -14)
        builder.add(.conv2D(Conv2DOptions(padding: .same)), inputs: [input, filter, -1], outputs: [mixed])
        let mixedUp = builder.activation([1, 4, 6, 3], scale: 0.02, zeroPoint: -14)
        builder.add(.resizeNearestNeighbor(ResizeOptions()), inputs: [mixed, size], outputs: [mixedUp])
        let joined = builder.activation([1, 4, 6, 7], scale: 0.02, zeroPoint: -14)
        builder.add(.concatenation(axis: 3, activation: .none), inputs: [upsampled, mixedUp], outputs: [joined])
        let graph = builder.graph(inputs: [input], outputs: [joined])

        let engine = try Engine(graph: graph, options: EngineOptions(threads: threads))
        #expect(engine.slices[upsampled] == TensorSlice(
            base: joined, offset: 0, rowBytes: 4, rowStride: 7, rows: 24, isRequantized: false))
        #expect(engine.slices[mixedUp] == TensorSlice(
            base: joined, offset: 4, rowBytes: 3, rowStride: 7, rows: 24, isRequantized: false))
        #expect(!Self.concatenationRuns(engine, graph))
        try Self.expectSameOutputs(graph, engine)
    }

    /// As the detection head: input [1,4,6,8] → TRANSPOSE [1,8,4,6] → RESHAPE [1,8,24] ┐ CONCATENATION (axis 2)
    ///                         rows 0..<2 → TRANSPOSE [1,8,2,6] → RESHAPE [1,8,12] ┘ → [1,8,36]
    @Test func transposesWriteThroughReshapes() throws {
        var builder = GraphBuilder()
        let input = builder.activation([1, 4, 6, 8], scale: 0.02, zeroPoint: -14)
        let permutation = builder.int32Constant([4], values: [0, 3, 1, 2])
        let whole = builder.activation([1, 8, 4, 6], scale: 0.02, zeroPoint: -14)
        builder.add(.transpose, inputs: [input, permutation], outputs: [whole])
        let wholeRows = builder.activation([1, 8, 24], scale: 0.02, zeroPoint: -14)
        builder.add(.reshape, inputs: [whole], outputs: [wholeRows])
        let begin = builder.int32Constant([4], values: [0, 0, 0, 0])
        let end = builder.int32Constant([4], values: [1, 2, 6, 8])
        let step = builder.int32Constant([4], values: [1, 1, 1, 1])
        let top = builder.activation([1, 2, 6, 8], scale: 0.02, zeroPoint: -14)
        builder.add(.stridedSlice(StridedSliceOptions()), inputs: [input, begin, end, step], outputs: [top])
        let part = builder.activation([1, 8, 2, 6], scale: 0.02, zeroPoint: -14)
        builder.add(.transpose, inputs: [top, permutation], outputs: [part])
        let partRows = builder.activation([1, 8, 12], scale: 0.02, zeroPoint: -14)
        builder.add(.reshape, inputs: [part], outputs: [partRows])
        let joined = builder.activation([1, 8, 36], scale: 0.02, zeroPoint: -14)
        builder.add(.concatenation(axis: 2, activation: .none), inputs: [wholeRows, partRows], outputs: [joined])
        let graph = builder.graph(inputs: [input], outputs: [joined])

        let engine = try Engine(graph: graph)
        #expect(engine.stepCount == 2, "the two transposes; no RESHAPE, no CONCATENATION, the slice a view")
        let partSlice = TensorSlice(base: joined, offset: 24, rowBytes: 12, rowStride: 36, rows: 8, isRequantized: false)
        #expect(engine.slices[part] == partSlice && engine.slices[partRows] == partSlice)
        #expect(engine.slices[whole]?.rowBytes == 24 && engine.slices[whole]?.offset == 0)
        try Self.expectSameOutputs(graph, engine)
    }

    /// input [1,3,10,12] → ADD (itself)                          ┐ CONCATENATION along channels → [1,3,10,24],
    ///                   → MUL by a constant per channel (12 values) ┘ or along width → [1,3,20,12]
    /// Along width, the product's lines (12, cut by the broadcast) are a tenth
    /// of the slice's runs, and a second thread starts in the middle of one.
    @Test(arguments: [1, 2], [3, 2])
    func binaryOpsCutTheirLinesToTheSlice(threads: Int, axis: Int) throws {
        var builder = GraphBuilder()
        let input = builder.activation([1, 3, 10, 12], scale: 0.02, zeroPoint: -14)
        let sum = builder.activation([1, 3, 10, 12], scale: 0.04, zeroPoint: -14)
        builder.add(.add(.none), inputs: [input, input], outputs: [sum])
        let factors = builder.int8Constant(
            [12], values: (0..<12).map { Int8(7 * $0 - 40) }, quantization: Quantization(scale: 0.01, zeroPoint: 0))
        let product = builder.activation([1, 3, 10, 12], scale: 0.04, zeroPoint: -14)
        builder.add(.mul(.none), inputs: [input, factors], outputs: [product])
        let joined = builder.activation(axis == 3 ? [1, 3, 10, 24] : [1, 3, 20, 12], scale: 0.04, zeroPoint: -14)
        builder.add(.concatenation(axis: axis, activation: .none), inputs: [sum, product], outputs: [joined])
        let graph = builder.graph(inputs: [input], outputs: [joined])

        let engine = try Engine(graph: graph, options: EngineOptions(threads: threads))
        #expect(engine.stepCount == 2)
        #expect(engine.slices[product] == (axis == 3
            ? TensorSlice(base: joined, offset: 12, rowBytes: 12, rowStride: 24, rows: 30, isRequantized: false)
            : TensorSlice(base: joined, offset: 120, rowBytes: 120, rowStride: 240, rows: 3, isRequantized: false)))
        try Self.expectSameOutputs(graph, engine)
    }

    /// As YOLOv8's C2f block: input [1,5,6,8] → CONV_2D 1x1 → x [1,5,6,8], split by two STRIDED_SLICEs:
    /// x[..., 0..<4] ─────────────────────────────┐
    /// x[..., 4..<8] ─┬───────────────────────────┼ CONCATENATION (channels) → [1,5,6,12] → CONV_2D 1x1
    ///                └ CONV_2D 3x3 → ADD (with it) ┘     (or MAX_POOL_2D 1x1 in place of the 3x3, `pooled`)
    /// The second slice is also read by the convolution and the ADD, which
    /// read it with a pixel stride; a MAX_POOL_2D cannot, and keeps it copied.
    /// With both halves in place, the first convolution writes x there whole
    /// and the STRIDED_SLICEs go (`InPlaceSplit`).
    @Test(arguments: [1, 2], [false, true])
    func slicesReadByConvolutionsAndAddsStayInPlace(threads: Int, pooled: Bool) throws {
        var random = SeededGenerator(seed: 33)
        var builder = GraphBuilder()
        func filter(_ channels: Int, _ size: Int, _ depth: Int) -> Int {
            builder.int8Constant(
                [channels, size, size, depth],
                values: (0..<(channels * size * size * depth)).map { _ in Int8.random(in: -127...127, using: &random) },
                quantization: Quantization(scale: 0.006, zeroPoint: 0))
        }
        let input = builder.activation([1, 5, 6, 8], scale: 0.02, zeroPoint: -14)
        let x = builder.activation([1, 5, 6, 8], scale: 0.04, zeroPoint: -9)
        builder.add(.conv2D(Conv2DOptions(padding: .same)), inputs: [input, filter(8, 1, 8)], outputs: [x])
        let step = builder.int32Constant([4], values: [1, 1, 1, 1])
        var halves: [Int] = []
        for first in [0, 4] {
            let begin = builder.int32Constant([4], values: [0, 0, 0, Int32(first)])
            let end = builder.int32Constant([4], values: [1, 5, 6, Int32(first + 4)])
            halves.append(builder.activation([1, 5, 6, 4], scale: 0.04, zeroPoint: -9))
            builder.add(.stridedSlice(StridedSliceOptions()), inputs: [x, begin, end, step], outputs: [halves.last!])
        }
        let branch = builder.activation([1, 5, 6, 4], scale: 0.04, zeroPoint: -9)
        if pooled {
            builder.add(
                .maxPool2D(Pool2DOptions(padding: .same, strideH: 1, strideW: 1, filterH: 1, filterW: 1)),
                inputs: [halves[1]], outputs: [branch])
        } else {
            builder.add(.conv2D(Conv2DOptions(padding: .same)), inputs: [halves[1], filter(4, 3, 4)], outputs: [branch])
        }
        let sum = builder.activation([1, 5, 6, 4], scale: 0.04, zeroPoint: -9)
        builder.add(.add(.none), inputs: [halves[1], branch], outputs: [sum])
        let joined = builder.activation([1, 5, 6, 12], scale: 0.04, zeroPoint: -9)
        builder.add(.concatenation(axis: 3, activation: .none), inputs: halves + [sum], outputs: [joined])
        let output = builder.activation([1, 5, 6, 3], scale: 0.1, zeroPoint: 0)
        builder.add(.conv2D(Conv2DOptions(padding: .same)), inputs: [joined, filter(3, 1, 12)], outputs: [output])
        let graph = builder.graph(inputs: [input], outputs: [output])

        let engine = try Engine(graph: graph, options: EngineOptions(threads: threads))
        #expect(engine.slices[halves[0]]?.offset == 0 && engine.slices[sum]?.offset == 8)
        let slicing = engine.schedule.filter { step in
            if case .stridedSlice = graph.nodes[step.node].op { true } else { false }
        }
        if pooled {
            #expect(engine.slices[halves[1]] == nil && engine.slices[x] == nil)
            #expect(Self.concatenationRuns(engine, graph))
            #expect(slicing.count == 2)
        } else {
            #expect(engine.slices[halves[1]] == TensorSlice(
                base: joined, offset: 4, rowBytes: 4, rowStride: 12, rows: 30, isRequantized: false))
            #expect(engine.slices[x] == TensorSlice(
                base: joined, offset: 0, rowBytes: 8, rowStride: 12, rows: 30, isRequantized: false))
            #expect(!Self.concatenationRuns(engine, graph))
            #expect(slicing.isEmpty)
        }
        try Self.expectSameOutputs(graph, engine)
        let reference = Self.observe(try Engine(graph: graph, options: EngineOptions(rewritesSchedule: false)), seed: 4)
        let written = Self.observe(engine, seed: 4)
        for tensor in [x, branch, sum] + (pooled ? halves : []) {
            #expect(written[tensor] == reference[tensor], "tensor \(tensor)")
        }
    }

    @Test(arguments: [1, 2])
    func inPlaceRunsMakeTheSameBytesOnThreads(threads: Int) throws {
        let (graph, _) = Self.graph(requantized: true, pooled: true)
        let engine = try Engine(graph: graph, options: EngineOptions(threads: threads))
        try Self.expectSameOutputs(graph, engine, seed: 9)
    }

    /// The enclosing tensor is alive from its first slice's producer on: a
    /// buffer alive only before the last slice is written must not share its bytes.
    @Test func theEnclosingTensorLivesFromItsFirstSlice() throws {
        let (graph, tensors) = Self.graph(requantized: false)
        // Steps: 0 writes plain, 1 a scratch-sized temporary, 2 writes silu, 3 reads the concatenation.
        func step(_ node: Int, inputs: [Int], outputs: [Int]) -> ExecutionStep {
            ExecutionStep(node: node, fusedNodes: [], outputs: outputs, inputs: inputs, epilogue: nil)
        }
        let steps = [
            step(0, inputs: [0], outputs: [tensors.plain]),
            step(1, inputs: [0], outputs: []),
            step(2, inputs: [0], outputs: [tensors.silu]),
            step(5, inputs: [tensors.concatenated], outputs: [graph.outputs[0]]),
        ]
        let slices = [
            tensors.plain: TensorSlice(
                base: tensors.concatenated, offset: 0, rowBytes: 8, rowStride: 20, rows: 30, isRequantized: false),
            tensors.silu: TensorSlice(
                base: tensors.concatenated, offset: 8, rowBytes: 12, rowStride: 20, rows: 30, isRequantized: false),
        ]
        let layout = ArenaLayout(graph: graph, steps: steps, slices: slices, scratch: [0, 4096, 0, 0])
        let base = try #require(layout.tensorOffsets[tensors.concatenated])
        #expect(layout.tensorOffsets[tensors.plain] == base)
        #expect(layout.tensorOffsets[tensors.silu] == base + 8)
        let temporary = try #require(layout.scratchOffsets[1])
        let enclosing = base..<(base + graph.tensors[tensors.concatenated].byteCount)
        #expect(!enclosing.overlaps(temporary..<(temporary + 4096)))
    }
}
