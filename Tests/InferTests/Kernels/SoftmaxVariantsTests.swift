import InferKernels
import Testing

/// The SIMD SOFTMAX (rows up to 16 elements) gives exactly the portable C
/// loop's bytes, for any row split, input scale and diff_min.
@Suite("SOFTMAX variants")
struct SoftmaxVariantsTests {
    struct Case: Sendable, CustomStringConvertible {
        var depth: Int
        var rows: Int
        var leftShift: Int32
        var diffMin: Int32
        var description: String { "depth \(depth), \(rows) rows, shift \(leftShift), diff_min \(diffMin)" }
    }

    // Left shifts as real models get them (beta × input scale × 2^26 ≈ 2^20 ... 2^25).
    static let cases: [Case] = [
        Case(depth: 16, rows: 333, leftShift: 23, diffMin: -248),
        Case(depth: 16, rows: 47, leftShift: 25, diffMin: -40),
        Case(depth: 2, rows: 20, leftShift: 21, diffMin: -1000),
        Case(depth: 7, rows: 61, leftShift: 24, diffMin: -200),
        Case(depth: 15, rows: 18, leftShift: 22, diffMin: -5),
        Case(depth: 17, rows: 9, leftShift: 23, diffMin: -300),
        Case(depth: 40, rows: 5, leftShift: 20, diffMin: -3000),
    ]

    @Test(arguments: cases)
    func matchesThePortableLoop(_ c: Case) {
        var p = ik_softmax_params()
        p.outer_size = Int64(c.rows)
        p.depth = Int32(c.depth)
        p.input_multiplier = 1_518_500_250
        p.input_left_shift = c.leftShift
        p.diff_min = c.diffMin
        var table = [Int32](repeating: 0, count: Int(IK_SOFTMAX_TABLE_SIZE))
        ik_softmax_fill_exp_table(&p, &table)
        // Random rows, then rows at the int8 extremes (one dominant value, all equal).
        var input = pseudoRandomInt8(c.rows * c.depth, seed: UInt64(c.depth * 31 + c.rows))
        for row in stride(from: 0, to: c.rows, by: 3) {
            for column in 0..<c.depth { input[row * c.depth + column] = column == row % c.depth ? 127 : -128 }
        }
        var expected = [Int8](repeating: 0, count: input.count)
        var got = [Int8](repeating: 0, count: input.count)
        table.withUnsafeBufferPointer { table in
            p.exp_table = table.baseAddress
            ik_softmax_run_rows_portable(&p, input, &expected, 0, p.outer_size)
            // Two parts, as two threads would run them.
            let middle = p.outer_size / 3
            ik_softmax_run_rows(&p, input, &got, 0, middle)
            got.withUnsafeMutableBufferPointer { output in
                ik_softmax_run_rows(&p, input, output.baseAddress!, middle, p.outer_size)
            }
        }
        #expect(got == expected)
        #expect(Set(expected).count > 1, "the case exercises more than one probability")
    }
}
