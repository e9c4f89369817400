import InferKernels
import Testing
@testable import Infer

@Suite("ADD, SUB, MUL")
struct BinaryKernelTests {
    enum Kind: String, CaseIterable, Sendable { case add, sub, mul }

    struct Case: CustomTestStringConvertible, Sendable {
        var kind: Kind
        var shape1: [Int], shape2: [Int]
        var activation: FusedActivation = .none
        var testDescription: String { "\(kind) \(shape1) \(shape2) \(activation)" }
    }

    static let cases: [Case] = Kind.allCases.flatMap { kind in
        [
            Case(kind: kind, shape1: [1, 7, 5, 3], shape2: [1, 7, 5, 3]),
            Case(kind: kind, shape1: [1, 2, 8400], shape2: [1, 1, 1]),
            Case(kind: kind, shape1: [2, 1, 4], shape2: [1, 3, 1]),
            Case(kind: kind, shape1: [3], shape2: [2, 1, 3], activation: .relu),
            Case(kind: kind, shape1: [1, 2, 1, 3, 1], shape2: [2, 1, 4, 1, 5], activation: .relu6),
            // As many elements as the table has entries: the table, not the arithmetic.
            Case(kind: kind, shape1: [1, 64, 64, 16], shape2: [1, 64, 64, 16]),
        ]
    }

    /// The broadcast shape and, for an output index, each input's element index.
    static func broadcast(_ a: [Int], _ b: [Int]) -> (shape: [Int], index: (Int) -> (Int, Int)) {
        let rank = max(a.count, b.count)
        let pa = Array(repeating: 1, count: rank - a.count) + a, pb = Array(repeating: 1, count: rank - b.count) + b
        let shape = zip(pa, pb).map { max($0, $1) }
        return (shape, { flat in
            var rest = flat, ia = 0, ib = 0, strideA = 1, strideB = 1
            for axis in (0..<rank).reversed() {
                let coordinate = rest % shape[axis]
                rest /= shape[axis]
                ia += (pa[axis] == 1 ? 0 : coordinate) * strideA
                ib += (pb[axis] == 1 ? 0 : coordinate) * strideB
                strideA *= pa[axis]
                strideB *= pb[axis]
            }
            return (ia, ib)
        })
    }

    /// TFLite's formulas, evaluated with the test's own rescale.
    static func expected(_ kind: Kind, _ a: Int8, _ b: Int8, s1: Float, z1: Int32, s2: Float, z2: Int32, so: Float, zo: Int32) -> Int64 {
        let x = Int64(a) - Int64(z1), y = Int64(b) - Int64(z2)
        switch kind {
        case .mul:
            return referenceRescale(x * y, QuantizedMultiplier(Double(s1) * Double(s2) / Double(so))) + Int64(zo)
        case .add, .sub:
            let twiceMax = 2 * Double(max(s1, s2))
            let scaled1 = referenceRescale(x << 20, QuantizedMultiplier(Double(s1) / twiceMax))
            let scaled2 = referenceRescale(y << 20, QuantizedMultiplier(Double(s2) / twiceMax))
            let sum = kind == .add ? scaled1 + scaled2 : scaled1 - scaled2
            return referenceRescale(sum, QuantizedMultiplier(twiceMax / (Double(1 << 20) * Double(so)))) + Int64(zo)
        }
    }

    @Test(arguments: cases)
    func matchesTFLiteFormula(_ c: Case) throws {
        let (s1, z1, s2, z2, so, zo): (Float, Int32, Float, Int32, Float, Int32) =
            c.kind == .mul ? (0.05, -128, 0.00390625, 127, 0.02, 3) : (0.07, -128, 0.03, 127, 0.09, -7)
        let (shape, index) = Self.broadcast(c.shape1, c.shape2)
        var graph = TestGraph()
        let a = graph.int8(c.shape1, scale: s1, zeroPoint: z1)
        let b = graph.int8(c.shape2, scale: s2, zeroPoint: z2)
        let out = graph.int8(shape, scale: so, zeroPoint: zo)
        let valuesA = pseudoRandomInt8(c.shape1.reduce(1, *), seed: 1), valuesB = pseudoRandomInt8(c.shape2.reduce(1, *), seed: 2)
        let op: Operator = switch c.kind {
        case .add: .add(c.activation)
        case .sub: .sub(c.activation)
        case .mul: .mul(c.activation)
        }
        let got = try graph.run(op, inputs: [a, b], output: out, activations: [valuesA, valuesB])
        let low: Int64 = c.activation == .none ? -128 : Int64(zo)
        let high: Int64 = c.activation == .relu6 ? min(127, Int64(zo) + Int64((6 / so).rounded())) : 127
        let want = (0..<shape.reduce(1, *)).map { flat in
            let (ia, ib) = index(flat)
            let value = Self.expected(c.kind, valuesA[ia], valuesB[ib], s1: s1, z1: z1, s2: s2, z2: z2, so: so, zo: zo)
            return Int8(max(low, min(high, value)))
        }
        #expect(got == want)
    }

    @Test func resultsAreWithinOneOfTheRealArithmetic() throws {
        var graph = TestGraph()
        let a = graph.int8([256], scale: 0.05, zeroPoint: 10)
        let b = graph.int8([256], scale: 0.02, zeroPoint: -20)
        let out = graph.int8([256], scale: 0.06, zeroPoint: 0)
        let valuesA = (-128...127).map { Int8($0) }, valuesB = valuesA.reversed().map { $0 }
        for (op, real) in [(Operator.add(.none), { (x: Double, y: Double) in x + y }), (.sub(.none), { $0 - $1 }), (.mul(.none), { $0 * $1 })] {
            let got = try graph.run(op, inputs: [a, b], output: out, activations: [valuesA, valuesB])
            for i in 0..<256 {
                let exact = real(0.05 * Double(Int(valuesA[i]) - 10), 0.02 * Double(Int(valuesB[i]) + 20)) / 0.06
                let ideal = Int64(max(-128, min(127, exact.rounded())))
                #expect(abs(Int64(got[i]) - ideal) <= 1, "\(op.name) at \(i)")
            }
        }
    }

    @Test func constantOperandsAreReadAtPreparation() throws {
        var graph = TestGraph()
        let x = graph.int8([1, 2, 3], scale: 0.1, zeroPoint: 0)
        let anchors = graph.int8([1, 2, 3], scale: 0.2, zeroPoint: -128, values: [-128, -100, 0, 50, 100, 127])
        let out = graph.int8([1, 2, 3], scale: 0.3, zeroPoint: 5)
        let values: [Int8] = [1, -2, 3, -4, 5, -6]
        let bound = try graph.run(.sub(.none), inputs: [anchors, x], output: out, activations: [values])
        let kernel = try KernelFactory.makeKernel(nodeIndex: 0, graph: graph.graph(.sub(.none), inputs: [anchors, x], output: out), epilogue: nil)
        let unbound = execute(kernel, inputs: [nil, values.map { UInt8(bitPattern: $0) }], outputByteCount: 6)
        #expect(unbound.map { Int8(bitPattern: $0) } == bound)
        let want = zip([-128, -100, 0, 50, 100, 127] as [Int8], values).map { anchor, value in
            Self.expected(.sub, anchor, value, s1: 0.2, z1: -128, s2: 0.1, z2: 0, so: 0.3, zo: 5)
        }
        #expect(bound == want.map(clampInt8))
    }

    /// A constant with few distinct values (the head's strides: 8, 16, 32)
    /// indexes a table of one row per value, on either side of the op; the
    /// results are TFLite's all the same.
    @Test(arguments: Kind.allCases, [0, 1])
    func aConstantWithFewValuesNeedsOneTableRowPerValue(_ kind: Kind, constantPosition: Int) throws {
        var graph = TestGraph()
        let (sc, zc, sx, zx, so, zo): (Float, Int32, Float, Int32, Float, Int32) = (0.25, -128, 0.05, 7, 0.1, -3)
        let strides: [Int8] = (0..<2 * 21).map { [-96, -64, 0][$0 % 21 / 7] }
        let constant = graph.int8([1, 2, 21], scale: sc, zeroPoint: zc, values: strides)
        let x = graph.int8([1, 1, 21], scale: sx, zeroPoint: zx)
        let out = graph.int8([1, 2, 21], scale: so, zeroPoint: zo)
        let values = pseudoRandomInt8(21, seed: 4)
        let op: Operator = switch kind {
        case .add: .add(.none)
        case .sub: .sub(.none)
        case .mul: .mul(.none)
        }
        let inputs = constantPosition == 0 ? [constant, x] : [x, constant]
        let got = try graph.run(op, inputs: inputs, output: out, activations: [values])
        let want = (0..<42).map { flat in
            let (c, v) = (strides[flat], values[flat % 21])
            return clampInt8(constantPosition == 0
                ? Self.expected(kind, c, v, s1: sc, z1: zc, s2: sx, z2: zx, so: so, zo: zo)
                : Self.expected(kind, v, c, s1: sx, z1: zx, s2: sc, z2: zc, so: so, zo: zo))
        }
        #expect(got == want)
        let kernel = try KernelFactory.makeKernel(nodeIndex: 0, graph: graph.graph(op, inputs: inputs, output: out), epilogue: nil)
        #expect((kernel as? BinaryKernel)?.tableByteCount == 3 * 256)
    }

    /// Two inputs take the whole table once the op has at least half as many
    /// elements as it has entries, unless SIMD lines compute it (contiguous
    /// inputs on a CPU with a line variant); fewer are computed one by one.
    @Test(arguments: [([4], [4], false), ([1, 64, 32, 16], [1, 64, 32, 16], true), ([1, 64, 32, 16], [1, 64, 32, 1], false)])
    func twoInputsTakeTheWholeTableOrNone(shape: [Int], secondShape: [Int], linesMayCompute: Bool) throws {
        var graph = TestGraph()
        let a = graph.int8(shape, scale: 0.1, zeroPoint: 0), b = graph.int8(secondShape, scale: 0.1, zeroPoint: 0)
        let out = graph.int8(shape, scale: 0.1, zeroPoint: 0)
        let kernel = try KernelFactory.makeKernel(nodeIndex: 0, graph: graph.graph(.add(.none), inputs: [a, b], output: out), epilogue: nil)
        let linesRunHere = (0..<ik_binary_line_variant_count()).contains { ik_binary_line_variant_at($0).pointee.is_supported() != 0 }
        let computed = 2 * shape.reduce(1, *) < Int(IK_BINARY_TABLE_SIZE) || (linesMayCompute && linesRunHere)
        #expect((kernel as? BinaryKernel)?.tableByteCount == (computed ? 0 : 65536))
    }

    @Test func incompatibleShapesAreRejected() {
        var graph = TestGraph()
        let a = graph.int8([2, 3], scale: 1, zeroPoint: 0)
        let b = graph.int8([4, 3], scale: 1, zeroPoint: 0)
        let out = graph.int8([4, 3], scale: 1, zeroPoint: 0)
        #expect(throws: KernelError.self) {
            try KernelFactory.makeKernel(nodeIndex: 0, graph: graph.graph(.add(.none), inputs: [a, b], output: out), epilogue: nil)
        }
    }
}
