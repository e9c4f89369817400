import InferKernels
import Testing
@testable import Infer

/// The SIMD lines of ADD, SUB and MUL give exactly the table's byte for every
/// pair of int8 values, whatever the scales, zero points, clamps and line
/// lengths (partial vectors included).
@Suite("Binary line variants")
struct BinaryLineVariantsTests {
    struct Case: Sendable, CustomStringConvertible {
        var op: ik_binary_op
        var scales: (Double, Double, Double)
        var zeroPoints: (Int32, Int32, Int32)
        var range: ClosedRange<Int32> = -128...127
        /// ADD and SUB: BinaryKernel's is 20; others take the variant's general 64-bit rescale.
        var leftShift: Int32 = 20
        var description: String {
            "op \(op.rawValue), scales \(scales), zero points \(zeroPoints), range \(range), left shift \(leftShift)"
        }
    }

    static let cases: [Case] = [
        // A residual ADD as the model has them, and with the inputs' scales swapped.
        Case(op: IK_BINARY_ADD, scales: (0.031, 0.046, 0.055), zeroPoints: (-90, -101, -87)),
        Case(op: IK_BINARY_ADD, scales: (0.046, 0.031, 0.021), zeroPoints: (12, -128, 127)),
        // Equal scales; a clamp (ReLU6-like); an output scale below the inputs' (a left shift).
        Case(op: IK_BINARY_ADD, scales: (0.05, 0.05, 0.05), zeroPoints: (0, 0, 0), range: -20...100),
        Case(op: IK_BINARY_ADD, scales: (0.2, 0.3, 0.00001), zeroPoints: (3, -3, 5)),
        Case(op: IK_BINARY_SUB, scales: (0.07, 0.03, 0.09), zeroPoints: (-128, 127, -7)),
        Case(op: IK_BINARY_SUB, scales: (0.5, 0.25, 3.0), zeroPoints: (40, -40, 0)),
        Case(op: IK_BINARY_ADD, scales: (0.031, 0.046, 0.055), zeroPoints: (-90, -101, -87), leftShift: 17),
        Case(op: IK_BINARY_SUB, scales: (0.5, 0.25, 3.0), zeroPoints: (40, -40, 0), leftShift: 22),
        Case(op: IK_BINARY_MUL, scales: (0.05, 0.00390625, 0.02), zeroPoints: (-128, 127, 3)),
        Case(op: IK_BINARY_MUL, scales: (0.8, 0.9, 0.01), zeroPoints: (1, 2, -100), range: 0...127),
    ]

    static func params(_ c: Case) -> ik_binary_params {
        var p = ik_binary_params()
        p.op = c.op
        p.input1_offset = -c.zeroPoints.0
        p.input2_offset = -c.zeroPoints.1
        p.output_offset = c.zeroPoints.2
        p.activation_min = c.range.lowerBound
        p.activation_max = c.range.upperBound
        let (s1, s2, so) = c.scales
        let output: QuantizedMultiplier
        if c.op == IK_BINARY_MUL {
            output = QuantizedMultiplier(s1 * s2 / so)
        } else {
            // BinaryKernel's ADD/SUB rescaling.
            let twiceMax = 2 * max(s1, s2)
            let input1 = QuantizedMultiplier(s1 / twiceMax), input2 = QuantizedMultiplier(s2 / twiceMax)
            p.left_shift = c.leftShift
            (p.input1_multiplier, p.input1_shift) = (input1.multiplier, input1.shift)
            (p.input2_multiplier, p.input2_shift) = (input2.multiplier, input2.shift)
            output = QuantizedMultiplier(twiceMax / (Double(1 << c.leftShift) * so))
        }
        (p.output_multiplier, p.output_shift) = (output.multiplier, output.shift)
        return p
    }

    @Test func x86CompilesAVX512Lines() {
        #if arch(x86_64)
        #expect(ik_binary_line_variant_count() >= 1)
        #else
        #expect(ik_binary_line_variant_count() == 0)
        #endif
    }

    @Test(arguments: cases)
    func matchesTheTable(_ c: Case) throws {
        var p = Self.params(c)
        var table = [Int8](repeating: 0, count: Int(IK_BINARY_TABLE_SIZE))
        ik_binary_fill_table(&p, &table)
        // Every pair once: a = pair / 256, b = pair % 256, as the table is indexed.
        let pairs = Int(IK_BINARY_TABLE_SIZE)
        let first = (0..<pairs).map { Int8(truncatingIfNeeded: $0 / 256 - 128) }
        let second = (0..<pairs).map { Int8(truncatingIfNeeded: $0 % 256 - 128) }
        // The cases with left shifts saturate nearly everywhere, which is what they test.
        #expect(Set(table).count > 2, "the case exercises more than the clamps")
        for index in 0..<ik_binary_line_variant_count() {
            let variant = try #require(ik_binary_line_variant_at(index)).pointee
            guard variant.is_supported() != 0 else {
                print("note: this CPU does not run the \(String(cString: variant.name)) binary lines; not tested")
                continue
            }
            // Lines of every length from 1 to 40 and then long ones, so that
            // partial vectors fall everywhere; one guard byte after the end.
            let state = UnsafeMutableRawPointer.allocate(byteCount: Int(IK_BINARY_LINE_STATE_SIZE), alignment: 64)
            defer { state.deallocate() }
            variant.prepare(&p, state)
            var got = [Int8](repeating: 0, count: pairs + 1)
            var begin = 0, length = 1
            first.withUnsafeBufferPointer { a in
                second.withUnsafeBufferPointer { b in
                    got.withUnsafeMutableBufferPointer { out in
                        while begin < pairs {
                            let count = min(length, pairs - begin)
                            variant.run_line(state, a.baseAddress! + begin, b.baseAddress! + begin, out.baseAddress! + begin, Int64(count))
                            begin += count
                            length = length < 40 ? length + 1 : 1000
                        }
                    }
                }
            }
            let wrong = (0..<pairs).filter { got[$0] != table[$0] }
            #expect(wrong.isEmpty, "\(String(cString: variant.name)): \(wrong.count) pairs differ, the first \(wrong.prefix(3).map { "(\($0 / 256 - 128), \($0 % 256 - 128)): \(got[$0]) for \(table[$0])" })")
            #expect(got[pairs] == 0, "nothing is written past the line")
        }
    }
}
