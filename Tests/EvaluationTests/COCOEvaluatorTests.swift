import Detect
@testable import Evaluation
import Testing

/// Hand-computed COCO cases. COCOeval's precision is tp / (tp + fp + eps), so "1" is 1 - 2e-16:
/// results are compared within 1e-12.
@Suite struct COCOEvaluatorTests {
    private func box(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) -> PixelBox {
        PixelBox(x1: x1, y1: y1, x2: x2, y2: y2)
    }

    private func object(_ classID: Int, _ box: PixelBox) -> GroundTruthBox {
        GroundTruthBox(classID: classID, box: box)
    }

    private func detection(_ image: String, _ classID: Int, _ score: Double, _ box: PixelBox) -> ImageDetection {
        ImageDetection(image: image, classID: classID, score: score, box: box)
    }

    private func expectClose(_ actual: Double, _ expected: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(abs(actual - expected) < 1e-12, "\(actual) is not \(expected)", sourceLocation: sourceLocation)
    }

    private let square = PixelBox(x1: 0, y1: 0, x2: 100, y2: 100)
    private let farAway = PixelBox(x1: 500, y1: 500, x2: 600, y2: 600)

    @Test func perfectDetectionsScoreOne() throws {
        let truth = [
            ImageGroundTruth(image: "a.jpg", objects: [object(0, square), object(1, farAway)]),
            ImageGroundTruth(image: "b.jpg", objects: [object(0, box(10, 20, 30, 60))]),
            ImageGroundTruth(image: "empty.jpg", objects: []),
        ]
        let detections = truth.flatMap { image in
            image.objects.map { detection(image.image, $0.classID, 0.9, $0.box) }
        }
        let result = try COCOEvaluator().evaluate(groundTruth: truth, detections: detections)
        expectClose(result.map50_95, 1)
        expectClose(result.map50, 1)
        #expect(result.images == 3)
        #expect(result.perClass.map(\.classID) == [0, 1])
        #expect(result.perClass.map(\.objects) == [2, 1])
    }

    @Test func falsePositiveAboveTruePositiveHalvesPrecision() throws {
        let truth = [ImageGroundTruth(image: "a.jpg", objects: [object(0, square)])]
        // Ranked FP, TP: precision 0 then 1/2, enveloped to 1/2 at every recall point.
        let fpFirst = try COCOEvaluator().evaluate(groundTruth: truth, detections: [
            detection("a.jpg", 0, 0.9, farAway), detection("a.jpg", 0, 0.8, square),
        ])
        expectClose(fpFirst.map50_95, 0.5)
        expectClose(fpFirst.map50, 0.5)
        // Ranked TP, FP: recall is complete at precision 1 before the FP arrives.
        let tpFirst = try COCOEvaluator().evaluate(groundTruth: truth, detections: [
            detection("a.jpg", 0, 0.7, farAway), detection("a.jpg", 0, 0.8, square),
        ])
        expectClose(tpFirst.map50_95, 1)
    }

    @Test func duplicateDetectionIsAFalsePositive() throws {
        let truth = [ImageGroundTruth(image: "a.jpg", objects: [object(0, square), object(0, farAway)])]
        // TP, duplicate (FP), TP: recall 1/2, 1/2, 1 at precision 1, 1/2, 2/3; the envelope
        // lifts the middle to 2/3. Recall points 0.00...0.50 (51) get 1, the other 50 get 2/3.
        let result = try COCOEvaluator().evaluate(groundTruth: truth, detections: [
            detection("a.jpg", 0, 0.9, square),
            detection("a.jpg", 0, 0.8, square),
            detection("a.jpg", 0, 0.7, farAway),
        ])
        expectClose(result.map50, (51 + 50 * (2.0 / 3)) / 101)
        expectClose(result.map50_95, (51 + 50 * (2.0 / 3)) / 101)
    }

    @Test func meanIsOverClassesWithObjects() throws {
        let truth = [
            ImageGroundTruth(image: "a.jpg", objects: [object(0, square)]),
            ImageGroundTruth(image: "b.jpg", objects: [object(1, square)]),
        ]
        let scored = [
            detection("a.jpg", 0, 0.9, square),
            detection("b.jpg", 1, 0.9, farAway),
            detection("b.jpg", 1, 0.8, square),
        ]
        let result = try COCOEvaluator().evaluate(groundTruth: truth, detections: scored)
        expectClose(result.map50_95, 0.75)
        expectClose(result.perClass[0].ap50_95, 1)
        expectClose(result.perClass[1].ap50_95, 0.5)
        expectClose(result.perClass[1].ap50, 0.5)

        // Detections of a class without objects change nothing and add no class.
        let withUnlabelledClass = try COCOEvaluator().evaluate(
            groundTruth: truth, detections: scored + [detection("a.jpg", 7, 0.99, square)])
        #expect(withUnlabelledClass == result)
    }

    @Test func detectionsOnImagesWithoutObjectsAreFalsePositives() throws {
        let truth = [
            ImageGroundTruth(image: "a.jpg", objects: [object(0, square)]),
            ImageGroundTruth(image: "b.jpg", objects: []),
        ]
        let result = try COCOEvaluator().evaluate(groundTruth: truth, detections: [
            detection("a.jpg", 0, 0.8, square), detection("b.jpg", 0, 0.9, square),
        ])
        expectClose(result.map50_95, 0.5)
        #expect(result.images == 2)
    }

    @Test(arguments: [
        // IoU exactly 0.5 matches at the 0.50 threshold only.
        (PixelBox(x1: 0, y1: 0, x2: 100, y2: 50), 1.0, 0.1),
        // IoU exactly 0.75 matches at 0.50...0.75, six of ten thresholds.
        (PixelBox(x1: 0, y1: 0, x2: 100, y2: 75), 1.0, 0.6),
        // IoU 0.49 matches nowhere.
        (PixelBox(x1: 0, y1: 0, x2: 100, y2: 49), 0.0, 0.0),
        // IoU 1 still matches at 0.95.
        (PixelBox(x1: 0, y1: 0, x2: 100, y2: 100), 1.0, 1.0),
    ])
    func iouAtThresholdMatches(detected: PixelBox, map50: Double, map50_95: Double) throws {
        let result = try COCOEvaluator().evaluate(
            groundTruth: [ImageGroundTruth(image: "a.jpg", objects: [object(0, square)])],
            detections: [detection("a.jpg", 0, 0.9, detected)])
        expectClose(result.map50, map50)
        expectClose(result.map50_95, map50_95)
    }

    @Test func thresholdsFollowNumpyLinspace() {
        // numpy.linspace(.5, .95, 10)[8] is 0.8999999999999999, not 0.9.
        #expect(COCOParameters.iouThresholds[8] == 0.8999999999999999)
        #expect(COCOParameters.iouThresholds.first == 0.5)
        #expect(COCOParameters.iouThresholds.last == 0.95)
        #expect(COCOParameters.recallThresholds.count == 101)
        #expect(COCOParameters.recallThresholds.last == 1)
    }

    @Test func onlyTheBest100DetectionsPerImageAndClassCount() throws {
        let objects = (0..<101).map { object(0, box(Double($0) * 10, 0, Double($0) * 10 + 5, 5)) }
        let detections = objects.enumerated().map { index, object in
            detection("a.jpg", 0, 1 - Double(index) / 1000, object.box)
        }
        let result = try COCOEvaluator().evaluate(
            groundTruth: [ImageGroundTruth(image: "a.jpg", objects: objects)], detections: detections)
        // Recall stops at 100/101, so recall point 1.00 has precision 0.
        expectClose(result.map50_95, 100.0 / 101)
    }

    @Test func equalScoresRankByImageNameBytesThenInputOrder() throws {
        let truth = [
            ImageGroundTruth(image: "a.jpg", objects: [object(0, square)]),
            ImageGroundTruth(image: "B.jpg", objects: []),
        ]
        // "B" (0x42) sorts before "a" (0x61): the FP on B.jpg ranks first.
        let acrossImages = try COCOEvaluator().evaluate(groundTruth: truth, detections: [
            detection("a.jpg", 0, 0.5, square), detection("B.jpg", 0, 0.5, square),
        ])
        expectClose(acrossImages.map50_95, 0.5)

        let single = [ImageGroundTruth(image: "a.jpg", objects: [object(0, square)])]
        let fpFirst = try COCOEvaluator().evaluate(groundTruth: single, detections: [
            detection("a.jpg", 0, 0.5, farAway), detection("a.jpg", 0, 0.5, square),
        ])
        let tpFirst = try COCOEvaluator().evaluate(groundTruth: single, detections: [
            detection("a.jpg", 0, 0.5, square), detection("a.jpg", 0, 0.5, farAway),
        ])
        expectClose(fpFirst.map50_95, 0.5)
        expectClose(tpFirst.map50_95, 1)
    }

    @Test func objectsOutsideTheAreaRangeAreIgnored() throws {
        // Area 4e10 px² is above COCO's "all" range (1e10): neither missed nor matched.
        let huge = box(0, 0, 200_000, 200_000)
        let truth = [ImageGroundTruth(image: "a.jpg", objects: [object(0, square), object(0, huge)])]
        let result = try COCOEvaluator().evaluate(groundTruth: truth, detections: [
            detection("a.jpg", 0, 0.9, huge), detection("a.jpg", 0, 0.8, square),
        ])
        expectClose(result.map50_95, 1)
        #expect(result.perClass.map(\.objects) == [1])
    }

    @Test func withoutObjectsTheMeanIsUndefined() throws {
        let result = try COCOEvaluator().evaluate(
            groundTruth: [ImageGroundTruth(image: "a.jpg", objects: [])],
            detections: [detection("a.jpg", 0, 0.9, square)])
        #expect(result.map50_95 == -1)
        #expect(result.map50 == -1)
        #expect(result.perClass.isEmpty)
    }

    @Test func badInputIsReported() {
        let truth = [ImageGroundTruth(image: "a.jpg", objects: [object(0, square)])]
        #expect(throws: EvaluationError.duplicateImage("a.jpg")) {
            try COCOEvaluator().evaluate(groundTruth: truth + truth, detections: [])
        }
        #expect(throws: EvaluationError.detectionOnUnknownImage("b.jpg")) {
            try COCOEvaluator().evaluate(
                groundTruth: truth, detections: [detection("b.jpg", 0, 0.9, square)])
        }
        #expect(throws: EvaluationError.nonFiniteValue(image: "a.jpg")) {
            try COCOEvaluator().evaluate(
                groundTruth: truth, detections: [detection("a.jpg", 0, .nan, square)])
        }
        #expect(throws: EvaluationError.nonFiniteValue(image: "a.jpg")) {
            try COCOEvaluator().evaluate(
                groundTruth: [ImageGroundTruth(image: "a.jpg", objects: [object(0, box(0, 0, .infinity, 1))])],
                detections: [])
        }
    }
}
