/// COCO bbox mAP@0.5:0.95 and mAP@0.5 that reproduce pycocotools' COCOeval (`stats[0]`,
/// `stats[1]`: area range "all", at most 100 detections per image and class) for
/// non-crowd ground truth.
public struct COCOEvaluator: Sendable {
    public init() {}

    /// - Parameters:
    ///   - groundTruth: every evaluated image, once, with its objects (possibly none).
    ///   - detections: detections on those images, in the order the detector produced them
    ///     (the order ranks equal scores within an image).
    public func evaluate(
        groundTruth: [ImageGroundTruth], detections: [ImageDetection]
    ) throws(EvaluationError) -> EvaluationResult {
        let boxes = try ClassGroupedBoxes(groundTruth: groundTruth, detections: detections)
        let precisions = boxes.classesWithObjects.compactMap { classID in
            InterpolatedPrecision(matchings: boxes.matchings(ofClass: classID))
                .map { (classID: classID, precision: $0) }
        }
        return EvaluationResult(
            map50_95: Self.mean(precisions.flatMap { $0.precision.values.joined() }),
            map50: Self.mean(precisions.flatMap { $0.precision.values[0] }),
            images: groundTruth.count,
            perClass: precisions.map { classID, precision in
                ClassAveragePrecision(
                    classID: classID,
                    ap50_95: Self.mean(Array(precision.values.joined())),
                    ap50: Self.mean(precision.values[0]),
                    objects: precision.countedObjects)
            })
    }

    /// Evaluates a detection run over YOLO-labelled images.
    public func evaluate(_ set: EvaluationSet) throws(EvaluationError) -> EvaluationResult {
        try evaluate(groundTruth: set.groundTruth, detections: set.detections)
    }

    /// COCOeval's mean over the defined precisions: -1 when there are none.
    private static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? -1 : values.reduce(0, +) / Double(values.count)
    }
}
