import InferKernels
import Testing

/// Every SIMD SOFTMAX this CPU runs (rows up to 16 elements; exactly 16, four
/// rows to a vector) gives exactly the portable C loop's bytes, for any row
/// split, input scale and diff_min.
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
        // YOLOv8's DFL input scale (0.221: about 100 nonzero exponentials); blocks of 16 rows
        // with 1 to 3 rows in the last vector.
        Case(depth: 16, rows: 66, leftShift: 24, diffMin: -124),
        Case(depth: 16, rows: 1, leftShift: 24, diffMin: -124),
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
        let variants = (0..<ik_softmax_variant_count()).compactMap { ik_softmax_variant_at($0)?.pointee }.filter {
            $0.is_supported() != 0 && (Int($0.min_depth)...Int($0.max_depth)).contains(c.depth)
        }
        table.withUnsafeBufferPointer { table in
            p.exp_table = table.baseAddress
            ik_softmax_run_rows_portable(&p, input, &expected, 0, p.outer_size)
            for variant in variants {
                // Two parts, as two threads would run them.
                var got = [Int8](repeating: 0, count: input.count)
                let middle = p.outer_size / 3
                got.withUnsafeMutableBufferPointer { output in
                    variant.run(&p, input, output.baseAddress!, 0, middle)
                    variant.run(&p, input, output.baseAddress!, middle, p.outer_size)
                }
                #expect(got == expected, "\(String(cString: variant.name))")
            }
        }
        #expect(Set(expected).count > 1, "the case exercises more than one probability")
    }
}
