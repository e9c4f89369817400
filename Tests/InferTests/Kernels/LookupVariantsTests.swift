import InferKernels
import Testing

/// The SIMD table lookup gives exactly table[q + 128] for every element,
/// including counts that leave a partial vector.
@Suite("Table lookup variants")
struct LookupVariantsTests {
    @Test(arguments: [1, 63, 64, 65, 1000])
    func matchesTheTable(count: Int) {
        let table = pseudoRandomInt8(256, seed: 5)
        // Every int8 value first, then random ones.
        let input = (0..<count).map { $0 < 256 ? Int8(truncatingIfNeeded: $0 - 128) : Int8.random(in: .min ... .max) }
        var got = [Int8](repeating: 0, count: count + 1)
        var portable = got
        ik_lookup_run(table, input, &got, count)
        ik_lookup_run_portable(table, input, &portable, count)
        let want = input.map { table[Int($0) + 128] } + [0]
        #expect(got == want, "the element past the end stays untouched")
        #expect(portable == want)
    }
}
