import Testing
@testable import Infer

@Suite("CONV_2D")
struct Conv2DKernelTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var height: Int, width: Int, depth: Int, channels: Int
        var filter: Int
        var options: Conv2DOptions
        var inputZeroPoint: Int32 = 3
        var outputZeroPoint: Int32 = -5
        var outputScale: Float = 0.05
        var perChannel = true
        var bias = true
        var testDescription: String {
            "\(height)x\(width)x\(depth)→\(channels) \(filter)x\(filter) \(options.padding) s\(options.strideH) d\(options.dilationH)"
        }
    }

    static let cases: [Case] = [
        Case(height: 1, width: 1, depth: 3, channels: 5, filter: 1, options: Conv2DOptions(padding: .valid)),
        Case(height: 7, width: 5, depth: 13, channels: 6, filter: 3, options: Conv2DOptions(padding: .same),
             inputZeroPoint: -128, outputZeroPoint: 127),
        Case(height: 7, width: 5, depth: 5, channels: 7, filter: 3,
             options: Conv2DOptions(padding: .same, strideH: 2, strideW: 2), inputZeroPoint: 127, outputZeroPoint: -128),
        Case(height: 9, width: 8, depth: 3, channels: 4, filter: 3,
             options: Conv2DOptions(padding: .valid, dilationH: 2, dilationW: 2), perChannel: false, bias: false),
        Case(height: 6, width: 6, depth: 17, channels: 9, filter: 3,
             options: Conv2DOptions(padding: .same, strideH: 2, strideW: 1, dilationH: 2, dilationW: 2, activation: .relu6)),
        Case(height: 4, width: 3, depth: 8, channels: 16, filter: 2,
             options: Conv2DOptions(padding: .same, activation: .relu)),
        // A tiny output scale drives most outputs to ±saturation.
        Case(height: 5, width: 5, depth: 16, channels: 3, filter: 3, options: Conv2DOptions(padding: .same),
             outputScale: 0.0005),
    ]

    /// Builds the case's graph; returns it with the input tensor index, the input values and the expectation.
    static func build(_ c: Case, seed: UInt64) -> (graph: TestGraph, inputs: [Int], output: Int, input: [Int8], expected: [Int8]) {
        let inputScale: Float = 0.1
        let filterScales = (0..<c.channels).map { c.perChannel ? 0.01 + 0.003 * Float($0) : 0.02 }
        let input = pseudoRandomInt8(c.height * c.width * c.depth, seed: seed)
        let filter = pseudoRandomInt8(c.channels * c.filter * c.filter * c.depth, seed: seed + 1).map { max($0, -127) }
        let bias = (0..<c.channels).map { Int32($0 * 97 - 300) }
        let o = c.options
        let outHeight = o.padding == .same
            ? (c.height + o.strideH - 1) / o.strideH : (c.height - (c.filter - 1) * o.dilationH - 1) / o.strideH + 1
        let outWidth = o.padding == .same
            ? (c.width + o.strideW - 1) / o.strideW : (c.width - (c.filter - 1) * o.dilationW - 1) / o.strideW + 1
        let padTop = max(0, ((outHeight - 1) * o.strideH + (c.filter - 1) * o.dilationH + 1 - c.height) / 2)
        let padLeft = max(0, ((outWidth - 1) * o.strideW + (c.filter - 1) * o.dilationW + 1 - c.width) / 2)
        let low: Int64 = o.activation == .none ? -128 : max(-128, Int64(c.outputZeroPoint))
        let high: Int64 = o.activation == .relu6
            ? min(127, Int64(c.outputZeroPoint) + Int64((6 / c.outputScale).rounded())) : 127

        var expected: [Int8] = []
        for y in 0..<outHeight {
            for x in 0..<outWidth {
                for channel in 0..<c.channels {
                    var acc: Int64 = c.bias ? Int64(bias[channel]) : 0
                    for fy in 0..<c.filter {
                        for fx in 0..<c.filter {
                            let iy = y * o.strideH - padTop + fy * o.dilationH
                            let ix = x * o.strideW - padLeft + fx * o.dilationW
                            guard (0..<c.height).contains(iy), (0..<c.width).contains(ix) else { continue }
                            for d in 0..<c.depth {
                                let value = Int64(input[(iy * c.width + ix) * c.depth + d]) - Int64(c.inputZeroPoint)
                                let weight = Int64(filter[((channel * c.filter + fy) * c.filter + fx) * c.depth + d])
                                acc += value * weight
                            }
                        }
                    }
                    let multiplier = QuantizedMultiplier(
                        Double(inputScale) * Double(filterScales[channel]) / Double(c.outputScale))
                    let value = referenceRescale(acc, multiplier) + Int64(c.outputZeroPoint)
                    expected.append(Int8(max(low, min(high, value))))
                }
            }
        }

        var graph = TestGraph()
        let inputIndex = graph.int8([1, c.height, c.width, c.depth], scale: inputScale, zeroPoint: c.inputZeroPoint)
        let filterIndex = graph.add(Tensor(
            name: "filter", type: .int8, shape: [c.channels, c.filter, c.filter, c.depth],
            quantization: c.perChannel
                ? Quantization(scales: filterScales, zeroPoints: Array(repeating: 0, count: c.channels))
                : Quantization(scale: filterScales[0], zeroPoint: 0),
            data: filter.map { UInt8(bitPattern: $0) }))
        let biasIndex = c.bias ? graph.int32Constant(bias) : -1
        let output = graph.int8([1, outHeight, outWidth, c.channels], scale: c.outputScale, zeroPoint: c.outputZeroPoint)
        return (graph, [inputIndex, filterIndex, biasIndex], output, input, expected)
    }

    @Test(arguments: cases)
    func matchesDirectComputation(_ c: Case) throws {
        let built = Self.build(c, seed: UInt64(c.depth * 31 + c.channels))
        let got = try built.graph.run(.conv2D(c.options), inputs: built.inputs, output: built.output, activations: [built.input])
        #expect(got == built.expected)
    }

    @Test func saturatesBothWays() throws {
        let built = Self.build(Self.cases[6], seed: 7)
        #expect(built.expected.contains(127) && built.expected.contains(-128))
        let got = try built.graph.run(
            .conv2D(Self.cases[6].options), inputs: built.inputs, output: built.output, activations: [built.input])
        #expect(got == built.expected)
    }

    @Test func epilogueTableIsAppliedAfterTheClamp() throws {
        let c = Self.cases[2]
        let built = Self.build(c, seed: 11)
        let table = (0..<256).map { Int8(127 - $0) }
        let got = try built.graph.run(
            .conv2D(c.options), inputs: built.inputs, output: built.output, activations: [built.input], epilogue: table)
        #expect(got == built.expected.map { table[Int($0) + 128] })
    }

    @Test func rowRangesComposeToTheWholeOutput() throws {
        let c = Self.cases[1]
        let built = Self.build(c, seed: 5)
        let graph = built.graph.graph(.conv2D(c.options), inputs: built.inputs, output: built.output)
        let kernel = try #require(
            try KernelFactory.makeKernel(nodeIndex: 0, graph: graph, epilogue: nil) as? Conv2DKernel)
        #expect(kernel.rowCount == 7)
        let count = built.expected.count
        let input = UnsafeMutableRawPointer.allocate(byteCount: built.input.count, alignment: 64)
        let output = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 64)
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: kernel.scratchByteCount, alignment: 64)
        defer { input.deallocate(); output.deallocate(); scratch.deallocate() }
        input.copyMemory(from: built.input, byteCount: built.input.count)
        output.initializeMemory(as: Int8.self, repeating: 0, count: count)
        let inputs: [UnsafeRawPointer?] = [UnsafeRawPointer(input), nil, nil]
        inputs.withUnsafeBufferPointer { inputs in
            [output].withUnsafeBufferPointer { outputs in
                let io = KernelIO(inputs: inputs, outputs: outputs, scratch: scratch)
                kernel.run(io, rows: 4..<7)
                kernel.run(io, rows: 0..<4)
            }
        }
        #expect(Array(UnsafeBufferPointer(start: output.assumingMemoryBound(to: Int8.self), count: count)) == built.expected)
    }
}
