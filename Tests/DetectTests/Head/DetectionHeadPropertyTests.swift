import Capture
@testable import Detect
import Infer
import TestSupport
import Testing

/// The head against `ReferencePostprocessing` on random outputs with
/// clustered, overlapping boxes and many equal scores.
@Suite struct DetectionHeadPropertyTests {
    static func randomOutput(seed: UInt64, classCount: Int, anchorCount: Int) -> [Int8] {
        var generator = SeededGenerator(seed: seed)
        var output = [Int8](repeating: -128, count: (4 + classCount) * anchorCount)
        for anchor in 0..<anchorCount {
            // A few cluster centres, so boxes overlap often.
            let cluster = Int(generator.next() % 4)
            output[anchor] = Int8(-100 + cluster * 40) + level(in: -3...3, &generator)
            output[anchorCount + anchor] = Int8(-60 + cluster * 20) + level(in: -3...3, &generator)
            output[2 * anchorCount + anchor] = level(in: -110 ... -90, &generator)
            output[3 * anchorCount + anchor] = level(in: -110 ... -90, &generator)
            for classID in 0..<classCount {
                // Coarse levels: many exact ties.
                output[(4 + classID) * anchorCount + anchor] = Int8(-128 + 8 * Int(generator.next() % 32))
            }
        }
        return output
    }

    @Test(arguments: [
        NMSOptions(), NMSOptions(multiLabel: true),
        NMSOptions(confidence: 0.001, iou: 0.5, maxDetections: 40, multiLabel: true, maxCandidates: 300),
        NMSOptions(confidence: 0.1, iou: 0.3, maxDetections: 7, maxCandidates: 25),
    ])
    func matchesReference(options: NMSOptions) throws {
        let quantization = Quantization(scale: 0.003986023832112551, zeroPoint: -128)
        let transform = try LetterboxTransform(
            sourceWidth: 1280, sourceHeight: 720, inputWidth: 640, inputHeight: 640)
        for seed: UInt64 in 1...20 {
            let output = Self.randomOutput(seed: seed, classCount: 5, anchorCount: 300)
            var head = try DetectionHead(
                outputShape: [1, 9, 300], quantization: quantization, boxUnits: .normalized,
                options: options)
            let detections = try head.decode(ArrayOutputs(output), transform: transform)
            let expected = ReferencePostprocessing.detections(
                output, classCount: 5, anchorCount: 300, quantization: quantization,
                options: options, transform: transform)
            #expect(!expected.isEmpty)
            #expect(detections == expected, "seed \(seed)")
        }
    }
}

private func level(in range: ClosedRange<Int>, _ generator: inout SeededGenerator) -> Int8 {
    Int8(Int.random(in: range, using: &generator))
}
