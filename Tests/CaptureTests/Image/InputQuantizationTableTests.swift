import Testing

@testable import Capture
import Infer

@Suite struct InputQuantizationTableTests {
    @Test func unitScaleMapsEachValueToItsLevel() throws {
        let table = try InputQuantizationTable(scale: 1.0 / 255, zeroPoint: -128)
        for value in 0...255 {
            #expect(table[UInt8(value)] == Int8(value - 128))
        }
    }

    @Test func saturatesAtBothEnds() throws {
        let high = try InputQuantizationTable(scale: 1.0 / 255, zeroPoint: 0)
        #expect(high[127] == 127)
        #expect(high[128] == 127)
        #expect(high[255] == 127)
        #expect(high[0] == 0)
        let low = try InputQuantizationTable(scale: 1.0 / 255, zeroPoint: -200)
        #expect(low[0] == -128)
        #expect(low[72] == -128)
        #expect(low[73] == -127)
    }

    /// 1 / Float(0.4) is exactly 2.5 in float32: half-to-even gives 2
    /// (NumPy's `np.round`), half-away-from-zero would give 3.
    @Test func roundsExactHalvesToEven() throws {
        let table = try InputQuantizationTable(scale: 0.4, zeroPoint: 0)
        #expect(Float(255) / 255 / Float(0.4) == 2.5)
        #expect(table[255] == 2)
    }

    /// The real YOLOv8n input quantization against an independent
    /// double-precision evaluation, wherever the quotient is clear of a tie
    /// by more than float32 error could move it.
    @Test func realModelInputQuantizationMatchesDoublePrecision() throws {
        let scale: Float = 0.01865844801068306
        let table = try InputQuantizationTable(scale: scale, zeroPoint: -14)
        var compared = 0
        for value in 0...255 {
            let exact = Double(value) / 255 / Double(scale)
            guard abs(exact - exact.rounded(.down) - 0.5) > 1e-4 else { continue }
            compared += 1
            let expected = min(max(Int(exact.rounded()) - 14, -128), 127)
            #expect(Int(table[UInt8(value)]) == expected, "value \(value)")
        }
        #expect(compared >= 250)
        #expect(table[0] == -14)
        #expect(table[255] == 40)  // 1 / 0.018658 = 53.6 → 54, minus 14
    }

    @Test(arguments: [Float(0), -1, .infinity, .nan])
    func rejectsUnusableScales(scale: Float) {
        let error = #expect(throws: LetterboxError.self) {
            try InputQuantizationTable(scale: scale, zeroPoint: 0)
        }
        guard case .invalidQuantization = error else {
            Issue.record("expected invalidQuantization, got \(String(describing: error))")
            return
        }
    }
}
