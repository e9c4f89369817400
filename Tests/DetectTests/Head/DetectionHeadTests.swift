import Capture
@testable import Detect
import Infer
import Testing

@Suite struct DetectionHeadTests {
    typealias Output = SyntheticDetectionOutput

    /// Three boxes: anchors 0 and 1 overlap (IoU ≈ 0.9), anchor 2 is apart.
    static func threeBoxes(classes: (Int, Int, Int)) -> Output {
        var output = Output(classCount: 6, anchorCount: 8)
        output.setBox(anchor: 0, centerX: 100, centerY: 100, width: 40, height: 40)
        output.setBox(anchor: 1, centerX: 101, centerY: 101, width: 40, height: 40)
        output.setBox(anchor: 2, centerX: 200, centerY: 50, width: 20, height: 20)
        output.setScore(anchor: 0, classID: classes.0, level: Output.level(0.8))
        output.setScore(anchor: 1, classID: classes.1, level: Output.level(0.7))
        output.setScore(anchor: 2, classID: classes.2, level: Output.level(0.6))
        return output
    }

    @Test func overlappingBoxOfSameClassIsSuppressed() throws {
        let detections = try Self.threeBoxes(classes: (2, 2, 2)).decode(with: NMSOptions())
        #expect(detections.map(\.classID) == [2, 2])
        #expect(detections.map(\.score) == [Output.score(Output.level(0.8)), Output.score(Output.level(0.6))])
        // Anchor 0: centre 250 px, 100 px wide.
        #expect(detections[0].box == BoundingBox(x1: 200, y1: 200, x2: 300, y2: 300))
        #expect(detections[1].box == BoundingBox(x1: 475, y1: 100, x2: 525, y2: 150))
    }

    @Test func overlappingBoxesOfDifferentClassesAreKept() throws {
        let detections = try Self.threeBoxes(classes: (2, 3, 2)).decode(with: NMSOptions())
        #expect(detections.map(\.classID) == [2, 3, 2])
    }

    @Test func iouThresholdIsStrict() throws {
        // Identical boxes have IoU 1: suppressed unless the threshold is 1.
        var output = Output(classCount: 1, anchorCount: 2)
        for anchor in 0..<2 {
            output.setBox(anchor: anchor, centerX: 100, centerY: 100, width: 10, height: 10)
            output.setScore(anchor: anchor, classID: 0, level: Output.level(0.5))
        }
        #expect(try output.decode(with: NMSOptions(iou: 0.99)).count == 1)
        #expect(try output.decode(with: NMSOptions(iou: 1)).count == 2)
    }

    @Test func multiLabelMakesOneCandidatePerClassAboveConfidence() throws {
        var output = Output(classCount: 6, anchorCount: 4)
        output.setBox(anchor: 1, centerX: 100, centerY: 100, width: 40, height: 40)
        output.setScore(anchor: 1, classID: 1, level: Output.level(0.4))
        output.setScore(anchor: 1, classID: 5, level: Output.level(0.9))
        output.setScore(anchor: 1, classID: 3, level: Output.level(0.1))
        let multi = try output.decode(with: NMSOptions(multiLabel: true))
        #expect(multi.map(\.classID) == [5, 1])
        #expect(multi[0].box == multi[1].box)
        let best = try output.decode(with: NMSOptions(multiLabel: false))
        #expect(best.map(\.classID) == [5])
    }

    @Test func bestClassTieGoesToTheLowerClass() throws {
        var output = Output(classCount: 4, anchorCount: 2)
        output.setBox(anchor: 0, centerX: 100, centerY: 100, width: 40, height: 40)
        output.setScore(anchor: 0, classID: 3, level: Output.level(0.5))
        output.setScore(anchor: 0, classID: 2, level: Output.level(0.5))
        #expect(try output.decode(with: NMSOptions()).map(\.classID) == [2])
    }

    @Test func keepsAtMostMaxDetectionsBestFirst() throws {
        var output = Output(classCount: 2, anchorCount: 5)
        for anchor in 0..<5 {
            output.setBox(anchor: anchor, centerX: 20 + 40 * anchor, centerY: 100, width: 20, height: 20)
            output.setScore(anchor: anchor, classID: 0, level: Output.level(0.3 + 0.1 * Double(anchor)))
        }
        let detections = try output.decode(with: NMSOptions(maxDetections: 3))
        // Anchor a's box starts at (20 + 40a) × 2.5 - 25 = 25 + 100a px.
        #expect(detections.map(\.box.x1) == [425, 325, 225])
    }

    @Test func equalScoresKeepAnchorOrderThenClassOrder() throws {
        var output = Output(classCount: 3, anchorCount: 8)
        for anchor in [7, 2, 5] {
            output.setBox(anchor: anchor, centerX: 20 * anchor + 10, centerY: 100, width: 10, height: 10)
            output.setScore(anchor: anchor, classID: 2, level: Output.level(0.5))
            output.setScore(anchor: anchor, classID: 0, level: Output.level(0.5))
        }
        let best = try output.decode(with: NMSOptions())
        // Anchor a's box starts at (20a + 10) × 2.5 - 12.5 = 50a + 12.5 px.
        #expect(best.map(\.box.x1) == [112.5, 262.5, 362.5])
        let multi = try output.decode(with: NMSOptions(multiLabel: true))
        #expect(multi.map(\.box.x1) == [112.5, 112.5, 262.5, 262.5, 362.5, 362.5])
        #expect(multi.map(\.classID) == [0, 2, 0, 2, 0, 2])
    }

    @Test func scoreAtExactlyConfidenceIsDropped() throws {
        var output = Output(classCount: 1, anchorCount: 2)
        output.setBox(anchor: 0, centerX: 50, centerY: 50, width: 10, height: 10)
        output.setBox(anchor: 1, centerX: 150, centerY: 50, width: 10, height: 10)
        output.setScore(anchor: 0, classID: 0, level: -64)  // exactly 0.25
        output.setScore(anchor: 1, classID: 0, level: -63)  // 0.2539
        let detections = try output.decode(with: NMSOptions(confidence: 0.25))
        #expect(detections.map(\.score) == [Output.score(-63)])
    }

    @Test func maxCandidatesKeepsTheBestAndEarliestTies() throws {
        var output = Output(classCount: 1, anchorCount: 6)
        let levels: [Int8] = [10, 20, 20, 30, 20, 5]
        for (anchor, level) in levels.enumerated() {
            output.setBox(anchor: anchor, centerX: 20 + 40 * anchor, centerY: 100, width: 20, height: 20)
            output.setScore(anchor: anchor, classID: 0, level: level)
        }
        let detections = try output.decode(with: NMSOptions(maxCandidates: 3))
        // Anchor 3 (level 30), then anchors 1 and 2 of the three at level 20;
        // anchor a's box starts at 25 + 100a px.
        #expect(detections.map(\.box.x1) == [325, 125, 225])
    }

    @Test func mapsBoxesToTheSourceAndClips() throws {
        var output = Output(classCount: 1, anchorCount: 2)
        // 1280×720 source: gain 0.5, 140 rows of padding above.
        output.setBox(anchor: 0, centerX: 100, centerY: 100, width: 40, height: 40)
        output.setBox(anchor: 1, centerX: 250, centerY: 60, width: 20, height: 20)
        output.setScore(anchor: 0, classID: 0, level: Output.level(0.9))
        output.setScore(anchor: 1, classID: 0, level: Output.level(0.8))
        let transform = try LetterboxTransform(
            sourceWidth: 1280, sourceHeight: 720, inputWidth: 640, inputHeight: 640)
        let detections = try output.decode(with: NMSOptions(), transform: transform)
        #expect(detections[0].box == BoundingBox(x1: 400, y1: 120, x2: 600, y2: 320))
        // Input x 600...650 → source 1200...1300, clipped at 1280; y 125...175 → 0 (clipped)...70.
        #expect(detections[1].box == BoundingBox(x1: 1200, y1: 0, x2: 1280, y2: 70))
    }

    @Test func pixelBoxesAreNotScaled() throws {
        let output = Self.threeBoxes(classes: (0, 0, 0))
        var head = try DetectionHead(
            outputShape: output.shape, quantization: Output.quantization, boxUnits: .pixels)
        let detections = try head.decode(ArrayOutputs(output.values), transform: .identity640)
        // Centre 100/256 px, 40/256 px wide.
        let expected = BoundingBox(centerX: 100.0 / 256, centerY: 100.0 / 256, width: 40.0 / 256, height: 40.0 / 256)
        #expect(detections.first?.box == expected)
    }

    @Test func decodingAgainReusesTheResultStorage() throws {
        let output = Self.threeBoxes(classes: (2, 2, 2))
        var head = try DetectionHead(
            outputShape: output.shape, quantization: Output.quantization, boxUnits: .normalized)
        var detections: [Detection] = []
        try head.decode(ArrayOutputs(output.values), transform: .identity640, into: &detections)
        let first = detections.map { $0 }  // a copy: sharing would force copy-on-write
        let storage = detections.withUnsafeBufferPointer { $0.baseAddress }
        try head.decode(ArrayOutputs(output.values), transform: .identity640, into: &detections)
        #expect(detections == first)
        #expect(detections.withUnsafeBufferPointer { $0.baseAddress } == storage)
    }

    @Test(arguments: [[1, 84], [2, 84, 8400], [1, 4, 8400], [1, 84, 0]])
    func rejectsOutputShapes(shape: [Int]) {
        #expect(throws: DetectionHeadError.invalidOutputShape(shape)) {
            try DetectionHead(outputShape: shape, quantization: Output.quantization, boxUnits: .normalized)
        }
    }

    @Test func rejectsPerChannelQuantization() {
        let quantization = Quantization(scales: [0.1, 0.2], zeroPoints: [0, 0], axis: 1)
        #expect(throws: DetectionHeadError.self) {
            try DetectionHead(outputShape: [1, 5, 10], quantization: quantization, boxUnits: .pixels)
        }
    }

    @Test(arguments: [
        NMSOptions(confidence: .nan), NMSOptions(iou: 1.5), NMSOptions(maxDetections: 0),
        NMSOptions(maxCandidates: 0),
    ])
    func rejectsInvalidOptions(options: NMSOptions) {
        let error = #expect(throws: DetectionHeadError.self) {
            try DetectionHead(
                outputShape: [1, 5, 10], quantization: Output.quantization, boxUnits: .pixels,
                options: options)
        }
        guard case .invalidOption = error else {
            Issue.record("expected invalidOption, got \(String(describing: error))")
            return
        }
    }

    @Test func rejectsWrongOutputSize() throws {
        var head = try DetectionHead(
            outputShape: [1, 6, 10], quantization: Output.quantization, boxUnits: .pixels)
        let output = [Int8](repeating: 0, count: 59)
        #expect(throws: DetectionHeadError.outputSizeMismatch(expected: 60, actual: 59)) {
            try head.decode(ArrayOutputs(output), transform: .identity640)
        }
    }
}
