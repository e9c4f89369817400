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
        let ranked = rankedByScore(detections.map(\.score))
            .prefix(COCOParameters.maxDetectionsPerImage)
            .map { detections[$0] }
        // Ignored objects go last (stably), so a match to a counted object is preferred.
        let objects = objects.filter { !$0.isOutsideAreaRange } + objects.filter(\.isOutsideAreaRange)
        let objectIsIgnored = objects.map(\.isOutsideAreaRange)
        let overlaps = ranked.map { detection in
            objects.map { detection.box.intersectionOverUnion(with: $0) }
        }

        var isMatched: [[Bool]] = []
        var isIgnored: [[Bool]] = []
        for threshold in COCOParameters.iouThresholds {
            let matches = Self.greedyMatches(
                overlaps: overlaps, threshold: threshold, objectIsIgnored: objectIsIgnored)
            isMatched.append(matches.map { $0 != nil })
            isIgnored.append(zip(matches, ranked).map { match, detection in
                match.map { objectIsIgnored[$0] } ?? detection.box.isOutsideAreaRange
            })
        }
        self.scores = ranked.map(\.score)
        self.isMatched = isMatched
        self.isIgnored = isIgnored
        self.countedObjects = objectIsIgnored.count { !$0 }
    }

    /// COCOeval's greedy matching at one threshold: in rank order, each detection takes the
    /// free object of highest IoU at or above the threshold (the first of equal ones), never
    /// trading a counted object for an ignored one.
    /// - Returns: the matched object of each detection.
    private static func greedyMatches(
        overlaps: [[Double]], threshold: Double, objectIsIgnored: [Bool]
    ) -> [Int?] {
        var isTaken = [Bool](repeating: false, count: objectIsIgnored.count)
        return overlaps.map { overlapsOfDetection in
            var best = min(threshold, COCOParameters.highestMatchThreshold)
            var match: Int?
            for object in overlapsOfDetection.indices where !isTaken[object] {
                if let matched = match, !objectIsIgnored[matched], objectIsIgnored[object] { break }
                guard overlapsOfDetection[object] >= best else { continue }
                best = overlapsOfDetection[object]
                match = object
            }
            if let match { isTaken[match] = true }
            return match
        }
    }
}

/// A detection reduced to what matching needs.
struct ScoredBox {
    var score: Double
    var box: COCOBox
}
