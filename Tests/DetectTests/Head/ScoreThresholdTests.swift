@testable import Detect
import Infer
import Testing

@Suite struct ScoreThresholdTests {
    /// YOLOv8n's output quantization: 0.25 / 0.003986 = 62.7 levels above
    /// the zero point, so level -128 + 63 is the first above.
    @Test func realOutputQuantizationAtDefaultConfidence() {
        let threshold = ScoreThreshold(confidence: 0.25, scale: 0.003986023832112551, zeroPoint: -128)
        #expect(threshold.minimumLevel == -65)
    }

    @Test func scoreEqualToConfidenceIsNotACandidate() {
        // Level 2 dequantizes to exactly 0.5: not above it.
        let threshold = ScoreThreshold(confidence: 0.5, scale: 0.25, zeroPoint: 0)
        #expect(ScoreThreshold.dequantize(2, scale: 0.25, zeroPoint: 0) == 0.5)
        #expect(threshold.minimumLevel == 3)
    }

    /// 3 × Float(0.1) rounds to exactly Float(0.3) in float32, though
    /// 3 × 0.1 and 0.3 differ in decimal; the boundary follows the float
    /// comparison the dequantized scores see.
    @Test func boundaryFollowsFloat32Rounding() {
        #expect(ScoreThreshold.dequantize(3, scale: 0.1, zeroPoint: 0) == Float(0.3))
        let threshold = ScoreThreshold(confidence: 0.3, scale: 0.1, zeroPoint: 0)
        #expect(threshold.minimumLevel == 4)
    }

    @Test func tinyConfidenceAdmitsEverythingAboveZero() {
        let threshold = ScoreThreshold(confidence: 0.001, scale: 0.003986023832112551, zeroPoint: -128)
        #expect(threshold.minimumLevel == -127)
    }

    @Test func negativeConfidenceAdmitsEveryLevel() {
        let threshold = ScoreThreshold(confidence: -1, scale: 0.01, zeroPoint: -128)
        #expect(threshold.minimumLevel == -128)
    }

    @Test func unreachableConfidenceAdmitsNothing() {
        // The largest score is (127 + 128) × 0.01 = 2.55.
        let threshold = ScoreThreshold(confidence: 3, scale: 0.01, zeroPoint: -128)
        #expect(threshold.minimumLevel == nil)
    }
}
