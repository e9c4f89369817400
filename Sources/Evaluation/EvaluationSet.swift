import Detect

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The ground truth and detections of a detection run over YOLO-labelled images, as
/// `COCOEvaluator` takes them. Images are named by file name (the last path component),
/// as tools/eval/coco_eval.py names them.
public struct EvaluationSet: Hashable, Sendable {
    public var groundTruth: [ImageGroundTruth]
    public var detections: [ImageDetection]

    /// - Parameters:
    ///   - records: one per evaluated image, as `yolo-edge detect --json` prints them.
    ///   - labels: where each image's label file is; an image without one has no objects.
    public init(records: [DetectionRecord], labels: YOLOLabelDirectory) throws(EvaluationError) {
        var isDirectory = false
        guard FileManager.default.fileExists(atPath: labels.path, isDirectory: &isDirectory),
              isDirectory
        else { throw .unreadableFile(path: labels.path, reason: "no such directory") }

        groundTruth = []
        detections = []
        for record in records {
            let name = baseName(of: record.image)
            guard record.width > 0, record.height > 0 else {
                throw .invalidImageSize(image: name, width: record.width, height: record.height)
            }
            groundTruth.append(ImageGroundTruth(
                image: name,
                objects: try labels.objects(
                    forImage: record.image, width: record.width, height: record.height)))
            detections += record.detections.map {
                ImageDetection(image: name, classID: $0.classID, score: $0.score, box: $0.box)
            }
        }
    }
}
