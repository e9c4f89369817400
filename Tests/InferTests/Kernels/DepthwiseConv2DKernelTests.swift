import Testing
@testable import Infer

@Suite("DEPTHWISE_CONV_2D")
struct DepthwiseConv2DKernelTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var height: Int, width: Int, channels: Int
        var filter: Int
        var options: Conv2DOptions
        var inputZeroPoint: Int32 = 3
        var outputZeroPoint: Int32 = -5
        var outputScale: Float = 0.02
        var bias = true
        var testDescription: String {
            "\(height)x\(width)x\(channels) \(filter)x\(filter) \(options.padding) s\(options.strideH) d\(options.dilationH)"
        }
    }

    static let cases: [Case] = [
        Case(height: 7, width: 5, channels: 13, filter: 3, options: Conv2DOptions(padding: .same),
             inputZeroPoint: -128, outputZeroPoint: 127),
        Case(height: 8, width: 9, channels: 64, filter: 3,
             options: Conv2DOptions(padding: .same, strideH: 2, strideW: 2), inputZeroPoint: 127, outputZeroPoint: -128),
        Case(height: 9, width: 8, channels: 5, filter: 3,
             options: Conv2DOptions(padding: .valid, dilationH: 2, dilationW: 2), bias: false),
        Case(height: 6, width: 6, channels: 17, filter: 5,
             options: Conv2DOptions(padding: .same, strideH: 2, strideW: 1, activation: .relu6)),
        // A tiny output scale drives most outputs to ±saturation.
        Case(height: 5, width: 5, channels: 8, filter: 3, options: Conv2DOptions(padding: .same), outputScale: 0.0005),
    ]

    /// The case's graph (batches of 2) with its depthwise filter and the same filter as a
    /// CONV_2D filter that is zero off its diagonal (output channel o reads input channel o only).
    static func build(_ c: Case) -> (graph: TestGraph, inputs: [Int], denseFilter: Int, output: Int, input: [Int8]) {
        let (batches, taps) = (2, c.filter * c.filter)
        let filterScales = (0..<c.channels).map { 0.01 + 0.002 * Float($0) }
        let weights = pseudoRandomInt8(c.channels * taps, seed: UInt64(c.channels)).map { max($0, -127) }
        let diagonal = (0..<(c.channels * taps * c.channels)).map { index -> Int8 in
            let (outputChannel, tap, inputChannel) = (index / (taps * c.channels), index / c.channels % taps, index % c.channels)
            return outputChannel == inputChannel ? weights[outputChannel * taps + tap] : 0
        }
        let vertical = windowGeometry(
            padding: c.options.padding, inputSize: c.height, filterSize: c.filter, stride: c.options.strideH,
            dilation: c.options.dilationH)
        let horizontal = windowGeometry(
            padding: c.options.padding, inputSize: c.width, filterSize: c.filter, stride: c.options.strideW,
            dilation: c.options.dilationW)

        var graph = TestGraph()
        let input = graph.int8([batches, c.height, c.width, c.channels], scale: 0.1, zeroPoint: c.inputZeroPoint)
        func filter(_ values: [Int8], depth: Int) -> Int {
            graph.add(Tensor(
                name: "filter\(depth)", type: .int8, shape: [c.channels, c.filter, c.filter, depth],
                quantization: Quantization(scales: filterScales, zeroPoints: Array(repeating: 0, count: c.channels)),
                data: values.map { UInt8(bitPattern: $0) }))
        }
        let depthwiseFilter = filter(weights, depth: 1), denseFilter = filter(diagonal, depth: c.channels)
        let bias = c.bias ? graph.int32Constant((0..<c.channels).map { Int32($0 * 97 - 300) }) : -1
        let output = graph.int8(
            [batches, vertical.outputSize, horizontal.outputSize, c.channels], scale: c.outputScale, zeroPoint: c.outputZeroPoint)
        let activations = pseudoRandomInt8(batches * c.height * c.width * c.channels, seed: UInt64(c.height * 7 + c.width))
        return (graph, [input, depthwiseFilter, bias], denseFilter, output, activations)
    }

    /// Every product the diagonal CONV_2D adds off the diagonal is zero, so the int32 sums,
    /// and so the requantized outputs, of the two kernels agree bit for bit. CONV_2D is
    /// checked against a direct computation (`Conv2DKernelTests`).
    @Test(arguments: cases)
    func matchesAConvolutionWithADiagonalFilter(_ c: Case) throws {
        let built = Self.build(c)
        let got = try built.graph.run(
            .depthwiseConv2D(c.options), inputs: built.inputs, output: built.output, activations: [built.input])
        var denseInputs = built.inputs
        denseInputs[1] = built.denseFilter
        let expected = try built.graph.run(
            .conv2D(c.options), inputs: denseInputs, output: built.output, activations: [built.input])
        #expect(got == expected)
        #expect(Set(got).count >= 3, "the outputs vary, so the comparison says something")
    }

    @Test func rowsRunInPartsGiveTheWholeResult() throws {
        var graph = TestGraph()
        let input = graph.int8([1, 6, 5, 9], scale: 0.1, zeroPoint: 2)
        let filter = graph.add(Tensor(
            name: "filter", type: .int8, shape: [9, 3, 3, 1], quantization: Quantization(scale: 0.02, zeroPoint: 0),
            data: pseudoRandomInt8(81, seed: 4).map { UInt8(bitPattern: $0) }))
        let output = graph.int8([1, 6, 5, 9], scale: 0.05, zeroPoint: 0)
        let node = graph.graph(.depthwiseConv2D(Conv2DOptions(padding: .same)), inputs: [input, filter, -1], output: output)
        let kernel = try #require(try KernelFactory.makeKernel(nodeIndex: 0, graph: node, epilogue: nil) as? DepthwiseConv2DKernel)
        let inputs: [[UInt8]?] = [pseudoRandomInt8(270, seed: 5).map { UInt8(bitPattern: $0) }, nil, nil]
        let whole = execute(kernel, inputs: inputs, outputByteCount: 270)
        #expect(execute(kernel, inputs: inputs, outputByteCount: 270, parts: [4..<6, 0..<1, 1..<4]) == whole)
    }

    @Test func rejectsAFilterOfSeveralInputChannels() {
        var graph = TestGraph()
        let input = graph.int8([1, 4, 4, 4], scale: 0.1, zeroPoint: 0)
        let filter = graph.add(Tensor(
            name: "filter", type: .int8, shape: [4, 3, 3, 2], quantization: Quantization(scale: 0.02, zeroPoint: 0),
            data: Array(repeating: 1, count: 72)))
        let output = graph.int8([1, 4, 4, 4], scale: 0.05, zeroPoint: 0)
        #expect(throws: KernelError.self) {
            try KernelFactory.makeKernel(
                nodeIndex: 0, graph: graph.graph(.depthwiseConv2D(Conv2DOptions(padding: .same)), inputs: [input, filter, -1], output: output),
                epilogue: nil)
        }
    }
}
