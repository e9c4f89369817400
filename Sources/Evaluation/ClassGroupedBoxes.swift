import Detect

/// Objects and detections grouped by class, then by image position. Positions follow
/// COCOeval's image order: image ids are assigned to the sorted file names, and Python
/// sorts strings by code point, which is the order of their UTF-8 bytes.
struct ClassGroupedBoxes {
    private var objects: [Int: [Int: [COCOBox]]] = [:]
    private var detections: [Int: [Int: [ScoredBox]]] = [:]

    init(groundTruth: [ImageGroundTruth], detections: [ImageDetection]) throws(EvaluationError) {
        let images = groundTruth.sorted { $0.image.utf8.lexicographicallyPrecedes($1.image.utf8) }
        var position: [String: Int] = [:]
        for (index, image) in images.enumerated() {
            guard position.updateValue(index, forKey: image.image) == nil else {
                throw .duplicateImage(image.image)
            }
            for object in image.objects {
                guard object.box.isFinite else { throw .nonFiniteValue(image: image.image) }
                objects[object.classID, default: [:]][index, default: []]
                    .append(COCOBox(object.box))
            }
        }
        for detection in detections {
            guard let index = position[detection.image] else {
                throw .detectionOnUnknownImage(detection.image)
            }
            guard detection.box.isFinite, detection.score.isFinite else {
                throw .nonFiniteValue(image: detection.image)
            }
            self.detections[detection.classID, default: [:]][index, default: []]
                .append(ScoredBox(score: detection.score, box: COCOBox(detection.box)))
        }
    }

    /// Classes with at least one object, ascending; other classes have no defined AP.
    var classesWithObjects: [Int] { objects.keys.sorted() }

    /// Matchings of one class on every image with objects or detections of it, in image order.
    func matchings(ofClass classID: Int) -> [ImageClassMatching] {
        let objects = self.objects[classID, default: [:]]
        let detections = self.detections[classID, default: [:]]
        return Set(objects.keys).union(detections.keys).sorted().map {
            ImageClassMatching(
                objects: objects[$0, default: []], detections: detections[$0, default: []])
        }
    }
}
