import Foundation
import TestSupport
import Testing
@testable import Infer

/// The engine keeps each constant once: in the kernel that packed or copied
/// it, or in the pool when a kernel reads it at run time; never also in its
/// graph. These are the resident bytes of a loaded model, so a regression
/// here shows up directly as peak memory.
@Suite struct EngineConstantMemoryTests {
    @Test func packedConstantsAreHeldOnlyByTheirKernel() throws {
        let graph = EngineTests.siluBlock(seed: 3)
        let engine = try Engine(graph: graph)
        #expect(engine.graph.tensors.allSatisfy { $0.data == nil })
        #expect(engine.memory.constantPoolBytes == 0)
        // The packed filter is padded to the micro-kernel's tile, so it is at
        // least as large as the 16x3x3x3 filter and 16 biases it replaces.
        let modelBytes = graph.tensors.compactMap(\.data).reduce(0) { $0 + $1.count }
        #expect(engine.memory.constantBytes >= modelBytes)
    }

    /// The engine lets each constant go once its last kernel has copied it
    /// (`Engine.releaseConstants`): a constant that two kernels copy and a
    /// third reads at run time must reach all three.
    @Test func aConstantSeveralStepsUseReachesEachOfThem() throws {
        var builder = GraphBuilder()
        let unit = Quantization(scale: 1, zeroPoint: 0)
        let input = builder.activation([1, 2, 3], scale: 1, zeroPoint: 0)
        let constant = builder.int8Constant([1, 2, 3], values: [2, 2, 2, 3, 3, 3], quantization: unit)
        let product = builder.activation([1, 2, 3], scale: 1, zeroPoint: 0)
        builder.add(.mul(.none), inputs: [input, constant], outputs: [product])
        let sum = builder.activation([1, 2, 3], scale: 1, zeroPoint: 0)
        builder.add(.add(.none), inputs: [product, constant], outputs: [sum])
        let output = builder.activation([1, 2, 6], scale: 1, zeroPoint: 0)
        builder.add(.concatenation(axis: 2, activation: .none), inputs: [sum, constant], outputs: [output])
        let engine = try Engine(graph: builder.graph(inputs: [input], outputs: [output]))

        #expect(engine.memory.constantPoolBytes == AlignedBuffer.alignment, "the concatenation reads it at run time")
        engine.setInput([1, 2, 3, -1, -2, -3])
        engine.run()
        // (x * 2 + 2, then 2) and (x * 3 + 3, then 3), row by row.
        let expected: [Int8] = [4, 6, 8, 2, 2, 2, 0, -3, -6, 3, 3, 3]
        #expect(engine.contents(of: output) == expected.map { UInt8(bitPattern: $0) })
    }

    @Test func constantsReadAtRunTimeStayInThePool() throws {
        // CONCATENATION reads every input through its bindings, constants too.
        var builder = GraphBuilder()
        let quantization = Quantization(scale: 0.1, zeroPoint: 0)
        let input = builder.activation([1, 2, 3], scale: 0.1, zeroPoint: 0)
        let constantValues: [Int8] = [-6, -5, -4, 3, 4, 5]
        let constant = builder.int8Constant([1, 2, 3], values: constantValues, quantization: quantization)
        let output = builder.activation([1, 2, 6], scale: 0.1, zeroPoint: 0)
        builder.add(.concatenation(axis: 2, activation: .none), inputs: [input, constant], outputs: [output])
        let engine = try Engine(graph: builder.graph(inputs: [input], outputs: [output]))

        #expect(engine.memory.constantPoolBytes == AlignedBuffer.alignment)
        #expect(engine.graph.tensors[constant].data == nil)
        engine.setInput([1, 2, 3, 7, 8, 9])
        engine.run()
        let expected: [Int8] = [1, 2, 3, -6, -5, -4, 7, 8, 9, 3, 4, 5]
        #expect(engine.contents(of: output) == expected.map { UInt8(bitPattern: $0) })
    }

    @Test func yolov8nKeepsNoUnpackedWeights() throws {
        try ReferenceData.require()
        let graph = try ModelLoader.load(path: ReferenceData.fullIntegerModel.path)
        let engine = try Engine(graph: graph)
        let modelBytes = graph.tensors.compactMap(\.data).reduce(0) { $0 + $1.count }
        #expect(engine.graph.tensors.allSatisfy { $0.data == nil })
        // Each constant is held once: packed (padded to the micro-kernel's
        // tile), copied by its kernel, or pooled; the pool keeps only the
        // 25 shape operands (a few bytes each, 64-byte aligned).
        #expect(engine.memory.constantPoolBytes < 4096)
        #expect(engine.memory.constantBytes >= modelBytes)
        #expect(engine.memory.constantBytes <= modelBytes * 102 / 100)
    }
}
