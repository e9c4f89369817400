import Foundation
import TestSupport
import Testing
@testable import Infer

/// The unit-test shapes and edge cases, also run through LiteRT's BUILTIN_REF
/// kernels: ours must give the same bytes.
@Suite("Synthetic cases match LiteRT BUILTIN_REF")
struct LiteRTSyntheticTests {
    struct Case: Sendable {
        var name: String
        var graph: Graph
        var feeds: [[Double]]
    }

    static func make(_ name: String, _ graph: TestGraph, _ op: Operator, _ inputs: [Int], _ output: Int, _ feeds: [[Int8]]) -> Case {
        Case(name: name, graph: graph.graph(op, inputs: inputs, output: output), feeds: feeds.map { $0.map(Double.init) })
    }

    static let cases: [Case] = {
        var cases: [Case] = []
        for var c in Conv2DKernelTests.cases {
            c.bias = true  // TFLite requires a bias for int8 CONV_2D; zero bias is covered by the unit tests.
            let built = Conv2DKernelTests.build(c, seed: 42)
            cases.append(make("conv \(c.testDescription)", built.graph, .conv2D(c.options), built.inputs, built.output, [built.input]))
        }
        for var c in DepthwiseConv2DKernelTests.cases {
            c.bias = true  // as for CONV_2D
            let built = DepthwiseConv2DKernelTests.build(c)
            cases.append(make(
                "depthwise \(c.testDescription)", built.graph, .depthwiseConv2D(c.options), built.inputs, built.output, [built.input]))
        }
        for (adjointLeft, adjointRight) in [(false, false), (true, false), (false, true), (true, true)] {
            var graph = TestGraph()
            let left = graph.int8([2, 3] + (adjointLeft ? [37, 5] : [5, 37]), scale: 0.05, zeroPoint: 3)
            let right = graph.int8([2, 3] + (adjointRight ? [4, 37] : [37, 4]), scale: 0.02, zeroPoint: -7)
            let out = graph.int8([2, 3, 5, 4], scale: 0.04, zeroPoint: 5)
            cases.append(make(
                "batch matmul adjoint \(adjointLeft) \(adjointRight)", graph,
                .batchMatMul(adjointLeft: adjointLeft, adjointRight: adjointRight), [left, right], out,
                [pseudoRandomInt8(2 * 3 * 5 * 37, seed: 1), pseudoRandomInt8(2 * 3 * 37 * 4, seed: 2)]))
        }
        for c in BinaryKernelTests.cases {
            var graph = TestGraph()
            let a = graph.int8(c.shape1, scale: 0.07, zeroPoint: -128)
            let b = graph.int8(c.shape2, scale: 0.03, zeroPoint: 127)
            let shape = BinaryKernelTests.broadcast(c.shape1, c.shape2).shape
            let out = graph.int8(shape, scale: c.kind == .mul ? 0.02 : 0.09, zeroPoint: -7)
            let op: Operator = switch c.kind {
            case .add: .add(c.activation)
            case .sub: .sub(c.activation)
            case .mul: .mul(c.activation)
            }
            cases.append(make(c.testDescription, graph, op, [a, b], out, [
                pseudoRandomInt8(c.shape1.reduce(1, *), seed: 1), pseudoRandomInt8(c.shape2.reduce(1, *), seed: 2),
            ]))
        }
        let all = (-128...127).map { Int8($0) }
        for (scale, zero) in [(Float(0.08), Int32(-128)), (0.5, 127), (0.0123, 3), (1.1116837, 38)] {
            var graph = TestGraph()
            let x = graph.int8([256], scale: scale, zeroPoint: zero)
            let y = graph.int8([256], scale: 1.0 / 256, zeroPoint: -128)
            cases.append(make("logistic \(scale) \(zero)", graph, .logistic, [x], y, [all]))
        }
        for (beta, depth) in [(Float(1), 16), (0.5, 7), (2, 3)] {
            var graph = TestGraph()
            let x = graph.int8([3, depth], scale: 0.22119039, zeroPoint: 28)
            let y = graph.int8([3, depth], scale: 1.0 / 256, zeroPoint: -128)
            cases.append(make("softmax β\(beta) depth \(depth)", graph, .softmax(beta: beta), [x], y, [pseudoRandomInt8(3 * depth, seed: 8)]))
        }
        for options in [ResizeOptions(), ResizeOptions(alignCorners: true), ResizeOptions(halfPixelCenters: true)] {
            for (from, to) in [(3, 5), (3, 6), (5, 2), (7, 3)] {
                var graph = TestGraph()
                let x = graph.int8([1, from, from + 1, 2], scale: 1, zeroPoint: 0)
                let size = graph.int32Constant([Int32(to), Int32(to + 2)])
                let y = graph.int8([1, to, to + 2, 2], scale: 1, zeroPoint: 0)
                cases.append(make("resize \(options) \(from)→\(to)", graph, .resizeNearestNeighbor(options), [x, size], y,
                                  [pseudoRandomInt8(from * (from + 1) * 2, seed: 4)]))
            }
        }
        let slices: [([Int], [Int32], [Int32], [Int32], StridedSliceOptions, [Int])] = [
            ([1, 2, 2, 4], [0, 0, 0, 2], [0, 0, 0, 4], [1, 1, 1, 1], StridedSliceOptions(beginMask: 7, endMask: 7), [1, 2, 2, 2]),
            ([3, 5], [-2, -1], [3, 0], [1, -2], StridedSliceOptions(), [2, 2]),
            ([3, 5], [1, 1], [2, 99], [1, 2], StridedSliceOptions(shrinkAxisMask: 1), [2]),
            ([2, 6], [0, 2], [2, 2], [1, 1], StridedSliceOptions(offset: true), [2, 2]),
            ([4, 6], [3, -1], [0, -7], [-1, -3], StridedSliceOptions(beginMask: 1), [3, 2]),
            ([2, 3, 4], [1], [2], [1], StridedSliceOptions(), [1, 3, 4]),
            ([2, 3, 4], [0, 1], [0, 3], [1, 2], StridedSliceOptions(ellipsisMask: 1), [2, 3, 1]),
            ([2, 3], [0, 0, 0], [0, 0, 0], [1, 1, 1], StridedSliceOptions(beginMask: 5, endMask: 5, newAxisMask: 2), [2, 1, 3]),
            ([2, 3, 4], [0, 0, 1], [0, 0, 2], [1, 1, 1],
             StridedSliceOptions(ellipsisMask: 2, newAxisMask: 1, shrinkAxisMask: 4), [1, 2, 3]),
            ([1, 144, 8400], [0, 64, 0], [1, 144, 8400], [1, 1, 1], StridedSliceOptions(beginMask: 5, endMask: 5), [1, 80, 8400]),
        ]
        for (shape, begin, end, strides, options, outShape) in slices {
            var graph = TestGraph()
            let x = graph.int8(shape, scale: 0.5, zeroPoint: 1)
            let b = graph.int32Constant(begin), e = graph.int32Constant(end), s = graph.int32Constant(strides)
            let y = graph.int8(outShape, scale: 0.5, zeroPoint: 1)
            cases.append(make("slice \(shape) \(begin) \(end) \(strides)", graph, .stridedSlice(options), [x, b, e, s], y,
                              [pseudoRandomInt8(shape.reduce(1, *), seed: 5)]))
        }
        do {
            var graph = TestGraph()
            let x = graph.int8([1, 3, 2, 5], scale: 0.3, zeroPoint: 127)
            let paddings = graph.int32Constant([0, 0, 2, 1, 0, 3, 1, 0], shape: [4, 2])
            let y = graph.int8([1, 6, 5, 6], scale: 0.3, zeroPoint: 127)
            cases.append(make("pad", graph, .pad, [x, paddings], y, [pseudoRandomInt8(30, seed: 6)]))
        }
        for (shape, permutation) in [([1, 2, 3, 4], [0, 3, 1, 2] as [Int32]), ([2, 1, 3, 1, 2, 2], [5, 4, 3, 2, 1, 0]), ([1, 4, 16, 5], [0, 2, 1, 3])] {
            var graph = TestGraph()
            let x = graph.int8(shape, scale: 1, zeroPoint: 0)
            let p = graph.int32Constant(permutation)
            let y = graph.int8(permutation.map { shape[Int($0)] }, scale: 1, zeroPoint: 0)
            cases.append(make("transpose \(shape) \(permutation)", graph, .transpose, [x, p], y, [pseudoRandomInt8(shape.reduce(1, *), seed: 7)]))
        }
        for options in [Pool2DOptions(padding: .same, strideH: 1, strideW: 1, filterH: 5, filterW: 5),
                        Pool2DOptions(padding: .same, strideH: 2, strideW: 2, filterH: 3, filterW: 3, activation: .relu6),
                        Pool2DOptions(padding: .valid, strideH: 2, strideW: 1, filterH: 2, filterW: 3)] {
            var graph = TestGraph()
            let x = graph.int8([1, 7, 5, 3], scale: 0.05, zeroPoint: -20)
            let h = options.padding == .same ? (7 + options.strideH - 1) / options.strideH : (7 - options.filterH) / options.strideH + 1
            let w = options.padding == .same ? (5 + options.strideW - 1) / options.strideW : (5 - options.filterW) / options.strideW + 1
            let y = graph.int8([1, h, w, 3], scale: 0.05, zeroPoint: -20)
            cases.append(make("max pool \(options.padding) s\(options.strideH) f\(options.filterH)", graph, .maxPool2D(options), [x], y,
                              [pseudoRandomInt8(105, seed: 9)]))
        }
        for (scale, zero) in [(Float(0.003986), Int32(-128)), (0.25, 127), (3.0, 0)] {
            var graph = TestGraph()
            let x = graph.int8([256], scale: 0.00390625, zeroPoint: -128)
            let y = graph.int8([256], scale: scale, zeroPoint: zero)
            cases.append(make("requantize → \(scale) \(zero)", graph, .quantize, [x], y, [all]))
        }
        do {
            var graph = TestGraph()
            let x = graph.add(Tensor(name: "x", type: .float32, shape: [9]))
            let y = graph.int8([9], scale: 0.0186584, zeroPoint: -14)
            let floats: [Double] = [0, 0.5, -0.5, 1, 2.37, -2.4, 100, -100, 0.0186584 * 2.5]
            cases.append(Case(name: "quantize float", graph: graph.graph(.quantize, inputs: [x], output: y), feeds: [floats]))
        }
        return cases
    }()

    /// LiteRT's answers for `cases` plus the requantizing concatenation, in one Python run.
    static let references = Result { try LiteRTSingleOp.run(cases.map { ($0.graph, $0.feeds) } + [requantizingConcatenation]) }

    static var requantizingConcatenation: (graph: Graph, feeds: [[Double]]) {
        var graph = TestGraph()
        let a = graph.int8([2], scale: 0.5, zeroPoint: 0)
        let b = graph.int8([4], scale: 0.25, zeroPoint: 127)
        let out = graph.int8([6], scale: 0.5, zeroPoint: 0)
        return (graph.graph(.concatenation(axis: 0, activation: .none), inputs: [a, b], output: out), [[1, 2], [1, 2, 3, 4]])
    }

    @Test(ReferenceData.skipTrait(data: false, python: true), arguments: cases.indices)
    func matchesLiteRT(_ index: Int) throws {
        try ReferenceData.require(data: false, python: true)
        let c = Self.cases[index]
        let reference = try Self.references.get()[index]
        guard case .output(let want) = reference else {
            Issue.record("LiteRT rejected \(c.name): \(reference)")
            return
        }
        let node = c.graph.nodes[0]
        let kernel = try KernelFactory.makeKernel(nodeIndex: 0, graph: c.graph, epilogue: nil)
        var feeds = c.feeds[...]
        let inputs: [[UInt8]?] = node.inputs.map { index in
            guard index >= 0 else { return nil }
            let tensor = c.graph.tensors[index]
            if let data = tensor.data { return data }
            let values = feeds.popFirst()!
            return tensor.type == .float32
                ? values.map(Float.init).withUnsafeBytes { Array($0) } : values.map { UInt8(bitPattern: Int8($0)) }
        }
        let got = execute(kernel, inputs: inputs, outputByteCount: c.graph.tensors[node.outputs[0]].byteCount)
        #expect(got.map { Double(Int8(bitPattern: $0)) } == want, "\(c.name)")
    }

    /// TFLite refuses int8 CONCATENATION with differing scales; this kernel
    /// extends it with the uint8 requantizing semantics instead.
    @Test func liteRTRejectsRequantizingInt8Concatenation() throws {
        try ReferenceData.require(data: false, python: true)
        let outcome = try Self.references.get().last!
        guard case .rejected = outcome else {
            Issue.record("LiteRT now accepts it: compare semantics \(outcome)")
            return
        }
    }
}
