import Testing
@testable import Infer

/// Every conv micro-kernel this CPU runs gives exactly the direct TFLite
/// computation, across tile remainders, partial channel blocks, the
/// contiguous 1x1 path, zero-point extremes and the fused table.
@Suite("CONV_2D micro-kernel variants")
struct ConvVariantsTests {
    typealias Case = Conv2DKernelTests.Case

    /// Shapes chosen against the tiles: widths around 8 and 16 pixels,
    /// channel counts around 4, 8 and 16, depths off and on multiples of 4.
    static let cases: [Case] = Conv2DKernelTests.cases + [
        Case(height: 3, width: 19, depth: 16, channels: 33, filter: 1, options: Conv2DOptions(padding: .valid)),
        Case(height: 2, width: 16, depth: 64, channels: 16, filter: 1, options: Conv2DOptions(padding: .same),
             inputZeroPoint: -128, outputZeroPoint: 127),
        Case(height: 5, width: 17, depth: 12, channels: 24, filter: 3,
             options: Conv2DOptions(padding: .same, strideH: 2, strideW: 2), inputZeroPoint: 127),
        Case(height: 4, width: 9, depth: 3, channels: 17, filter: 3, options: Conv2DOptions(padding: .same),
             outputScale: 0.002),
        Case(height: 2, width: 11, depth: 40, channels: 7, filter: 2,
             options: Conv2DOptions(padding: .valid, activation: .relu6), perChannel: false),
        // One channel block: a tile of 16 pixels and a remainder of 5.
        Case(height: 3, width: 21, depth: 8, channels: 13, filter: 3, options: Conv2DOptions(padding: .same)),
        // Three blocks over a 20-pixel row: two tiles of 8 and a half tile.
        Case(height: 2, width: 20, depth: 20, channels: 40, filter: 3, options: Conv2DOptions(padding: .same)),
        // One channel of 16 taps (the DFL convolution): whole tiles of 16 pixels, 1 to 3 pixels
        // in a vector, an empty vector; zero points as after a SOFTMAX.
        Case(height: 4, width: 37, depth: 16, channels: 1, filter: 1, options: Conv2DOptions(padding: .valid),
             inputZeroPoint: -128, outputZeroPoint: -128),
        Case(height: 3, width: 7, depth: 16, channels: 1, filter: 1, options: Conv2DOptions(padding: .valid),
             outputScale: 0.003, perChannel: false),
        // One channel, not 16 contiguous taps: the channel blocks.
        Case(height: 3, width: 9, depth: 8, channels: 1, filter: 3, options: Conv2DOptions(padding: .same)),
    ]

    static var variants: [Conv2DKernel.Variant] { Conv2DKernel.Variant.all.filter(\.isSupported) }

    @Test func portableVariantIsAlwaysAvailable() throws {
        let portable = try #require(Conv2DKernel.Variant.all.last)
        #expect(portable.isSupported)
        #expect(Self.variants.contains { $0.description == Conv2DKernel.Variant.best.description })
    }

    @Test(arguments: variants, cases)
    func matchesDirectComputation(_ variant: Conv2DKernel.Variant, _ c: Case) throws {
        let built = Conv2DKernelTests.build(c, seed: UInt64(c.width * 131 + c.channels))
        let got = try Self.run(built, c, variant: variant, epilogue: nil)
        #expect(got == built.expected, "variant \(variant)")
    }

    @Test(arguments: variants)
    func appliesTheFusedTable(_ variant: Conv2DKernel.Variant) throws {
        // A table that differs from the identity at every index, including both halves.
        let table = (0..<256).map { Int8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for c in Self.cases {
            let built = Conv2DKernelTests.build(c, seed: 3)
            let got = try Self.run(built, c, variant: variant, epilogue: table)
            #expect(got == built.expected.map { table[Int($0) + 128] }, "variant \(variant), case \(c)")
        }
    }

    static func run(
        _ built: (graph: TestGraph, inputs: [Int], output: Int, input: [Int8], expected: [Int8]),
        _ c: Case, variant: Conv2DKernel.Variant, epilogue: [Int8]?
    ) throws -> [Int8] {
        let graph = built.graph.graph(.conv2D(c.options), inputs: built.inputs, output: built.output)
        let kernel = try Conv2DKernel(
            NodeContext(nodeIndex: 0, graph: graph), options: c.options, epilogue: epilogue, variant: variant)
        let input = built.input.map { UInt8(bitPattern: $0) }
        return execute(kernel, inputs: [input, nil, nil], outputByteCount: built.expected.count)
            .map { Int8(bitPattern: $0) }
    }
}
