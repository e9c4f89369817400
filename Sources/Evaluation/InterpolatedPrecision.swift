/// Interpolated precision of one class over all images at the 101 recall points, per IoU
/// threshold (pycocotools' `accumulate`).
struct InterpolatedPrecision {
    /// `values[threshold][recallPoint]`; 0 beyond the highest recall reached.
    let values: [[Double]]
    let countedObjects: Int

    /// - Parameter matchings: the class's per-image matchings in image order, which decides
    ///   how equal scores on different images rank.
    /// - Returns: nil when the class has no counted object: its AP is undefined and it is
    ///   left out of the mean, as COCOeval's -1 entries are.
    init?(matchings: [ImageClassMatching]) {
        let countedObjects = matchings.reduce(0) { $0 + $1.countedObjects }
        guard countedObjects > 0 else { return nil }
        let ranking = rankedByScore(matchings.flatMap(\.scores))
        values = COCOParameters.iouThresholds.indices.map { t in
            let isMatched = matchings.flatMap { $0.isMatched[t] }
            let isIgnored = matchings.flatMap { $0.isIgnored[t] }
            return Self.precisionAtRecallPoints(
                outcomes: ranking.map { (isMatched[$0], isIgnored[$0]) },
                countedObjects: countedObjects)
        }
        self.countedObjects = countedObjects
    }

    /// - Parameter outcomes: (matched, ignored) of every detection, highest score first.
    private static func precisionAtRecallPoints(
        outcomes: [(isMatched: Bool, isIgnored: Bool)], countedObjects: Int
    ) -> [Double] {
        // Ignored detections keep their place in the cumulative curves without moving them.
        var truePositives = 0.0
        var falsePositives = 0.0
        var recall: [Double] = []
        var precision: [Double] = []
        for outcome in outcomes {
            if !outcome.isIgnored {
                if outcome.isMatched { truePositives += 1 } else { falsePositives += 1 }
            }
            recall.append(truePositives / Double(countedObjects))
            // COCOeval adds the spacing of 1 (machine epsilon) against 0 / 0.
            precision.append(truePositives / (falsePositives + truePositives + .ulpOfOne))
        }
        // The envelope: precision at a rank is the best precision at this or any later rank.
        for i in precision.indices.dropFirst().reversed() where precision[i] > precision[i - 1] {
            precision[i - 1] = precision[i]
        }
        // Each recall point takes the precision at the first rank reaching it
        // (numpy.searchsorted side='left'); points never reached keep precision 0.
        var interpolated = [Double](repeating: 0, count: COCOParameters.recallThresholds.count)
        var rank = 0
        for (point, threshold) in COCOParameters.recallThresholds.enumerated() {
            while rank < recall.count && recall[rank] < threshold { rank += 1 }
            guard rank < recall.count else { break }
            interpolated[point] = precision[rank]
        }
        return interpolated
    }
}
