/// The detections of one class on one image matched against that image's objects of the
/// class, for every IoU threshold (pycocotools' `evaluateImg`).
struct ImageClassMatching {
    /// Scores of the kept detections, highest first; equal scores keep their input order.
    let scores: [Double]
    /// `isMatched[threshold][detection]`: the detection matched an object.
    let isMatched: [[Bool]]
    /// `isIgnored[threshold][detection]`: the detection counts neither as true nor false
    /// positive (it matched an ignored object, or it is unmatched and outside the area range).
    let isIgnored: [[Bool]]
    /// Objects that recall is measured against (those not ignored).
    let countedObjects: Int

    init(objects: [COCOBox], detections: [ScoredBox]) {
        let ranked = detections.indices
            .sorted { detections[$0].score != detections[$1].score
                ? detections[$0].score > detections[$1].score : $0 < $1 }
            .prefix(COCOParameters.maxDetectionsPerImage)
            .map { detections[$0] }
        // Ignored objects go last (stably), so a match to a counted object is preferred.
        let objects = objects.filter { COCOParameters.areaRange.contains($0.area) }
            + objects.filter { !COCOParameters.areaRange.contains($0.area) }
        let objectIsIgnored = objects.map { !COCOParameters.areaRange.contains($0.area) }
        let overlaps = ranked.map { detection in
            objects.map { detection.box.intersectionOverUnion(with: $0) }
        }

        var isMatched: [[Bool]] = []
        var isIgnored: [[Bool]] = []
        for threshold in COCOParameters.iouThresholds {
            var objectIsTaken = [Bool](repeating: false, count: objects.count)
            var matched = [Bool](repeating: false, count: ranked.count)
            var ignored = [Bool](repeating: false, count: ranked.count)
            for (d, detection) in ranked.enumerated() {
                guard let o = Self.bestMatch(
                    overlaps: overlaps[d], threshold: threshold,
                    objectIsTaken: objectIsTaken, objectIsIgnored: objectIsIgnored)
                else {
                    ignored[d] = !COCOParameters.areaRange.contains(detection.box.area)
                    continue
                }
                objectIsTaken[o] = true
                matched[d] = true
                ignored[d] = objectIsIgnored[o]
            }
            isMatched.append(matched)
            isIgnored.append(ignored)
        }
        self.scores = ranked.map(\.score)
        self.isMatched = isMatched
        self.isIgnored = isIgnored
        self.countedObjects = objectIsIgnored.count { !$0 }
    }

    /// COCOeval's greedy choice for one detection: the free object of highest IoU at or
    /// above the threshold (the first of equal ones), never trading a counted object for
    /// an ignored one.
    private static func bestMatch(
        overlaps: [Double], threshold: Double, objectIsTaken: [Bool], objectIsIgnored: [Bool]
    ) -> Int? {
        var best = min(threshold, COCOParameters.highestMatchThreshold)
        var match: Int?
        for o in overlaps.indices where !objectIsTaken[o] {
            if let m = match, !objectIsIgnored[m], objectIsIgnored[o] { break }
            guard overlaps[o] >= best else { continue }
            best = overlaps[o]
            match = o
        }
        return match
    }
}

/// A detection reduced to what matching needs.
struct ScoredBox {
    var score: Double
    var box: COCOBox
}
