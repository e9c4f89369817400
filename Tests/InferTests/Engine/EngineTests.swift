import AllocationCounter
import TestSupport
import Testing
@testable import Infer

@Suite struct EngineTests {
    /// input → CONV_2D 3x3 → LOGISTIC → MUL (SiLU) → MAX_POOL_2D → output
    static func siluBlock(seed: UInt64) -> Graph {
        var random = SeededGenerator(seed: seed)
        var builder = GraphBuilder()
        let input = builder.activation([1, 6, 7, 3], scale: 0.02, zeroPoint: -14)
        let channels = 16
        let weightScales = (0..<channels).map { _ in Float.random(in: 0.001...0.01, using: &random) }
        let filter = builder.int8Constant(
            [channels, 3, 3, 3],
            values: (0..<(channels * 27)).map { _ in Int8.random(in: -127...127, using: &random) },
            quantization: Quantization(scales: weightScales, zeroPoints: Array(repeating: 0, count: channels), axis: 0))
        let bias = builder.int32Constant(
            [channels], values: (0..<channels).map { _ in Int32.random(in: -2000...2000, using: &random) },
            quantization: Quantization(
                scales: weightScales.map { $0 * 0.02 }, zeroPoints: Array(repeating: 0, count: channels)))
        let convOut = builder.activation([1, 6, 7, channels], scale: 0.05, zeroPoint: 3)
        let sigmoid = builder.activation([1, 6, 7, channels], scale: 1.0 / 256, zeroPoint: -128)
        let silu = builder.activation([1, 6, 7, channels], scale: 0.03, zeroPoint: -120)
        let pooled = builder.activation([1, 3, 3, channels], scale: 0.03, zeroPoint: -120)
        builder.add(.conv2D(Conv2DOptions(padding: .same)), inputs: [input, filter, bias], outputs: [convOut])
        builder.add(.logistic, inputs: [convOut], outputs: [sigmoid])
        builder.add(.mul(.none), inputs: [convOut, sigmoid], outputs: [silu])
        builder.add(
            .maxPool2D(Pool2DOptions(padding: .valid, strideH: 2, strideW: 2, filterH: 2, filterW: 2)),
            inputs: [silu], outputs: [pooled])
        return builder.graph(inputs: [input], outputs: [pooled])
    }

    static func fill(_ engine: Engine, seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        engine.withInput { bytes in
            for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255, using: &random) }
        }
    }

    @Test(arguments: 1...5 as ClosedRange<UInt64>)
    func fusedAndUnfusedRunsAreBitIdentical(seed: UInt64) throws {
        let graph = Self.siluBlock(seed: seed)
        let fused = try Engine(graph: graph)
        let unfused = try Engine(graph: graph, options: EngineOptions(rewritesSchedule: false))
        #expect(fused.stepCount == 2)
        #expect(unfused.stepCount == 4)
        Self.fill(fused, seed: seed + 100)
        Self.fill(unfused, seed: seed + 100)
        fused.run()
        unfused.run()
        let output = graph.outputs[0]
        #expect(fused.contents(of: output) == unfused.contents(of: output))
        // The fused intermediates have no storage at all.
        #expect(fused.contents(of: 3).isEmpty && fused.contents(of: 4).isEmpty)
    }

    @Test(arguments: [2, 3])
    func threadsGiveTheSameBytesAsOneThread(threads: Int) throws {
        let graph = Self.siluBlock(seed: 7)
        let single = try Engine(graph: graph)
        let parallel = try Engine(graph: graph, options: EngineOptions(threads: threads))
        #expect(parallel.threadCount == threads)
        Self.fill(single, seed: 8)
        Self.fill(parallel, seed: 8)
        single.run()
        parallel.run()
        #expect(single.contents(of: graph.outputs[0]) == parallel.contents(of: graph.outputs[0]))
    }

    @Test func arenaReusesMemoryAcrossLifetimes() throws {
        let engine = try Engine(graph: Self.siluBlock(seed: 1), options: EngineOptions(rewritesSchedule: false))
        let memory = engine.memory
        #expect(memory.arenaBytes >= memory.livenessLowerBound)
        #expect(memory.arenaBytes < memory.sumOfBufferBytes)
    }

    @Test(arguments: [1, 2])
    func runMakesNoHeapAllocation(threads: Int) throws {
        let engine = try Engine(graph: Self.siluBlock(seed: 2), options: EngineOptions(threads: threads))
        Self.fill(engine, seed: 2)
        engine.run()  // warm-up
        allocation_counter_thread_start()
        for _ in 0..<20 { engine.run() }
        let allocations = allocation_counter_thread_stop()
        #expect(allocations == 0)
    }
}

/// A PAD before a convolution is applied by the convolution itself.
@Suite struct PadFoldingTests {
    /// input → PAD (top 1, bottom 2, left 0, right 1) → CONV_2D 3x3 stride 2 VALID → output
    static func paddedConvolution(outputsThePaddedTensor: Bool = false) -> Graph {
        var random = SeededGenerator(seed: 11)
        var builder = GraphBuilder()
        let input = builder.activation([1, 9, 8, 4], scale: 0.02, zeroPoint: -14)
        let paddings = builder.int32Constant([4, 2], values: [0, 0, 1, 2, 0, 1, 0, 0])
        let padded = builder.activation([1, 12, 9, 4], scale: 0.02, zeroPoint: -14)
        let filter = builder.int8Constant(
            [8, 3, 3, 4], values: (0..<(8 * 36)).map { _ in Int8.random(in: -127...127, using: &random) },
            quantization: Quantization(scale: 0.004, zeroPoint: 0))
        let output = builder.activation([1, 5, 4, 8], scale: 0.05, zeroPoint: 3)
        builder.add(.pad, inputs: [input, paddings], outputs: [padded])
        builder.add(.conv2D(Conv2DOptions(padding: .valid, strideH: 2, strideW: 2)),
                    inputs: [padded, filter], outputs: [output])
        return builder.graph(inputs: [input], outputs: outputsThePaddedTensor ? [output, padded] : [output])
    }

    @Test func foldedPadGivesTheSameBytesWithoutWritingThePaddedTensor() throws {
        let graph = Self.paddedConvolution()
        let folded = try Engine(graph: graph)
        let unfolded = try Engine(graph: graph, options: EngineOptions(rewritesSchedule: false))
        #expect(folded.stepCount == 1)
        #expect(unfolded.stepCount == 2)
        #expect(folded.memory.arenaBytes < unfolded.memory.arenaBytes)
        EngineTests.fill(folded, seed: 12)
        EngineTests.fill(unfolded, seed: 12)
        folded.run()
        unfolded.run()
        #expect(folded.contents(of: graph.outputs[0]) == unfolded.contents(of: graph.outputs[0]))
        #expect(folded.contents(of: 2).isEmpty, "the padded tensor has no storage")
    }

    @Test func padWhoseOutputIsNeededIsNotFolded() throws {
        let engine = try Engine(graph: Self.paddedConvolution(outputsThePaddedTensor: true))
        #expect(engine.stepCount == 2)
    }
}
