import Capture
@testable import Detect
import Foundation
import Infer
import TestSupport
import Testing

/// The per-scale head of converted models against a float transcription of
/// Ultralytics' decoding: softmax DFL, anchors at cell centres, strides,
/// sigmoid, then the reference NMS.
@Suite struct GridDetectionHeadTests {
    /// Two scales of a 64x48 input (strides 8 and 16), 4 bins, 3 classes.
    struct Outputs {
        static let bins = 4, classes = 3
        static let grids = [(height: 6, width: 8), (height: 3, width: 4)]
        var logits: [[Int8]] = []
        var quantizations: [Quantization] = []

        init(seed: UInt64) {
            var random = SeededGenerator(seed: seed)
            for grid in Self.grids {
                let cells = grid.height * grid.width
                logits.append((0..<(cells * 4 * Self.bins)).map { _ in Int8.random(in: -128...127, using: &random) })
                // Class logits mostly low, so that few cells pass.
                logits.append((0..<(cells * Self.classes)).map { _ in Int8.random(in: -128...(-20), using: &random) })
                quantizations.append(Quantization(scale: Float.random(in: 0.02...0.08, using: &random), zeroPoint: Int32.random(in: -20...20, using: &random)))
                quantizations.append(Quantization(scale: Float.random(in: 0.05...0.12, using: &random), zeroPoint: -90))
            }
        }

        func scales() throws -> [GridOutput] {
            try Self.grids.indices.map { index in
                let grid = Self.grids[index]
                return try GridOutput(
                    boxShape: [1, grid.height, grid.width, 4 * Self.bins], boxQuantization: quantizations[2 * index],
                    classShape: [1, grid.height, grid.width, Self.classes], classQuantization: quantizations[2 * index + 1])
            }
        }

        func dequantized(_ output: Int, _ index: Int) -> Double {
            Double(quantizations[output].scale) * Double(Int32(logits[output][index]) - quantizations[output].zeroPoint)
        }

        /// Every (anchor, class) above the confidence, in anchor then class order, boxes in input pixels.
        func referenceCandidates(confidence: Float, inputHeight: Int) -> [Detection] {
            var candidates: [Detection] = []
            for (scale, grid) in Self.grids.enumerated() {
                let stride = Double(inputHeight / grid.height)
                for cell in 0..<(grid.height * grid.width) {
                    let sides = (0..<4).map { (side: Int) -> Double in
                        let values: [Double] = (0..<Self.bins).map { dequantized(2 * scale, (cell * 4 + side) * Self.bins + $0) }
                        let largest = values.max()!
                        let weights: [Double] = values.map { exp($0 - largest) }
                        let expectation: Double = zip(weights, 0...).map { $0 * Double($1) }.reduce(0, +)
                        return expectation / weights.reduce(0, +)
                    }
                    let x = Double(cell % grid.width) + 0.5, y = Double(cell / grid.width) + 0.5
                    let box = BoundingBox(
                        x1: Float((x - sides[0]) * stride), y1: Float((y - sides[1]) * stride),
                        x2: Float((x + sides[2]) * stride), y2: Float((y + sides[3]) * stride))
                    for classID in 0..<Self.classes {
                        let score = Float(1 / (1 + exp(-dequantized(2 * scale + 1, cell * Self.classes + classID))))
                        if score > confidence { candidates.append(Detection(classID: classID, score: score, box: box)) }
                    }
                }
            }
            return candidates
        }
    }

    @Test("decodes like a float reference", arguments: [1, 2, 3, 4] as [UInt64])
    func matchesFloatReference(seed: UInt64) throws {
        let outputs = Outputs(seed: seed)
        let options = NMSOptions(confidence: 0.01, iou: 0.5, maxDetections: 20, multiLabel: true, maxCandidates: 40)
        let transform = try LetterboxTransform(sourceWidth: 128, sourceHeight: 96, inputWidth: 64, inputHeight: 48)
        var head = try GridDetectionHead(scales: outputs.scales(), inputWidth: 64, inputHeight: 48, options: options)
        var detections: [Detection] = []
        try head.decode(ArrayOutputs(outputs.logits), transform: transform, into: &detections)
        let expected = ReferencePostprocessing.selected(
            outputs.referenceCandidates(confidence: options.confidence, inputHeight: 48), options: options, transform: transform)
        #expect(!expected.isEmpty)
        #expect(detections.map(\.classID) == expected.map(\.classID))
        #expect(zip(detections, expected).allSatisfy { abs($0.score - $1.score) < 1e-6 })
        for (found, reference) in zip(detections, expected) {
            let corners = [found.box.x1 - reference.box.x1, found.box.y1 - reference.box.y1,
                           found.box.x2 - reference.box.x2, found.box.y2 - reference.box.y2]
            #expect(corners.allSatisfy { abs($0) < 1e-3 }, "\(found.box) vs \(reference.box)")
        }
    }

    @Test("rejects grids the input size does not divide")
    func rejectsMismatchedStrides() throws {
        let scales = try Outputs(seed: 1).scales()
        #expect(throws: DetectionHeadError.self) {
            try GridDetectionHead(scales: scales, inputWidth: 60, inputHeight: 48)
        }
    }
}
