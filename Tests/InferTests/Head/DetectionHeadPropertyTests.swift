import Testing

@testable import Infer

/// The head against `ReferencePostprocessing` on random outputs with
/// clustered, overlapping boxes and many equal scores.
@Suite struct DetectionHeadPropertyTests {
    struct Generator {
        var state: UInt64

        /// SplitMix64.
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        mutating func level(in range: ClosedRange<Int>) -> Int8 {
            Int8(range.lowerBound + Int(next() % UInt64(range.count)))
        }
    }

    static func randomOutput(seed: UInt64, classCount: Int, anchorCount: Int) -> [Int8] {
        var generator = Generator(state: seed)
        var output = [Int8](repeating: -128, count: (4 + classCount) * anchorCount)
        for anchor in 0..<anchorCount {
            // A few cluster centres, so boxes overlap often.
            let cluster = Int(generator.next() % 4)
            output[anchor] = Int8(-100 + cluster * 40) + generator.level(in: -3...3)
            output[anchorCount + anchor] = Int8(-60 + cluster * 20) + generator.level(in: -3...3)
            output[2 * anchorCount + anchor] = generator.level(in: -110 ... -90)
            output[3 * anchorCount + anchor] = generator.level(in: -110 ... -90)
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
            let detections = try output.withUnsafeBufferPointer {
                try head.decode(output: $0, transform: transform)
            }
            let expected = ReferencePostprocessing.detections(
                output, classCount: 5, anchorCount: 300, quantization: quantization,
                options: options, transform: transform)
            #expect(!expected.isEmpty)
            #expect(detections == expected, "seed \(seed)")
        }
    }
}
