/// Finds the candidates of a YOLOv8 `[4 + classes, anchors]` int8 output in
/// the integer domain, keeps the best `limit` (Ultralytics' `max_nms`) and
/// ranks them by score.
///
/// Scores are int8, so a 256-bin histogram replaces the sort: it finds the
/// cut level for the cap, and a counting sort ranks the survivors. Every
/// buffer is sized at init; collecting allocates nothing.
struct CandidateCollector: Sendable {
    let classCount: Int
    let anchorCount: Int
    /// Per anchor, its best class score and that class (best-class mode).
    private var bestLevels: [Int8]
    private var bestClasses: [Int32]
    private var histogram: [Int]
    /// Candidates in Ultralytics' order: by anchor, then by class.
    private var collected: [Candidate]

    init(classCount: Int, anchorCount: Int, capacity: Int) {
        self.classCount = classCount
        self.anchorCount = anchorCount
        bestLevels = Array(repeating: 0, count: anchorCount)
        bestClasses = Array(repeating: 0, count: anchorCount)
        histogram = Array(repeating: 0, count: 256)
        collected = []
        collected.reserveCapacity(capacity)
    }

    /// Fills `ranked` with at most `limit` candidates whose level is at least
    /// `minimumLevel`, by score descending; equal scores keep the candidate
    /// order, as a stable sort would.
    ///
    /// - Parameter output: the whole output, box rows first.
    mutating func collect(
        from output: UnsafeBufferPointer<Int8>, minimumLevel: Int8, multiLabel: Bool,
        limit: Int, into ranked: inout [Candidate]
    ) {
        collected.removeAll(keepingCapacity: true)
        if multiLabel {
            collectEveryClass(from: output, minimumLevel: minimumLevel, limit: limit)
        } else {
            collectBestClass(from: output, minimumLevel: minimumLevel, limit: limit)
        }
        rank(into: &ranked)
    }

    private func score(_ output: UnsafeBufferPointer<Int8>, classID: Int, anchor: Int) -> Int8 {
        output[(4 + classID) * anchorCount + anchor]
    }

    private mutating func collectEveryClass(
        from output: UnsafeBufferPointer<Int8>, minimumLevel: Int8, limit: Int
    ) {
        clearHistogram()
        // Row by row: the output is class-major in memory.
        for classID in 0..<classCount {
            for anchor in 0..<anchorCount {
                let level = score(output, classID: classID, anchor: anchor)
                if level >= minimumLevel { histogram[Int(level) + 128] += 1 }
            }
        }
        var cut = CapCut(histogram: histogram, minimumLevel: minimumLevel, limit: limit)
        for anchor in 0..<anchorCount {
            for classID in 0..<classCount {
                let level = score(output, classID: classID, anchor: anchor)
                if cut.admits(level) {
                    collected.append(
                        Candidate(anchor: Int32(anchor), classID: Int32(classID), level: level))
                }
            }
        }
    }

    private mutating func collectBestClass(
        from output: UnsafeBufferPointer<Int8>, minimumLevel: Int8, limit: Int
    ) {
        for anchor in 0..<anchorCount {
            bestLevels[anchor] = score(output, classID: 0, anchor: anchor)
            bestClasses[anchor] = 0
        }
        // Strictly greater: the first of equal classes wins, like torch's max.
        for classID in 1..<classCount {
            for anchor in 0..<anchorCount {
                let level = score(output, classID: classID, anchor: anchor)
                if level > bestLevels[anchor] {
                    bestLevels[anchor] = level
                    bestClasses[anchor] = Int32(classID)
                }
            }
        }
        clearHistogram()
        for level in bestLevels where level >= minimumLevel {
            histogram[Int(level) + 128] += 1
        }
        var cut = CapCut(histogram: histogram, minimumLevel: minimumLevel, limit: limit)
        for anchor in 0..<anchorCount where cut.admits(bestLevels[anchor]) {
            collected.append(
                Candidate(
                    anchor: Int32(anchor), classID: bestClasses[anchor], level: bestLevels[anchor]))
        }
    }

    private mutating func clearHistogram() {
        for bin in histogram.indices { histogram[bin] = 0 }
    }

    /// Stable counting sort of `collected` by level, highest first.
    private mutating func rank(into ranked: inout [Candidate]) {
        clearHistogram()
        for candidate in collected { histogram[Int(candidate.level) + 128] += 1 }
        // Turn counts into each level's first slot, top level first.
        var next = 0
        for bin in histogram.indices.reversed() {
            let count = histogram[bin]
            histogram[bin] = next
            next += count
        }
        ranked.removeAll(keepingCapacity: true)
        ranked.append(
            contentsOf: repeatElement(
                Candidate(anchor: 0, classID: 0, level: 0), count: collected.count))
        for candidate in collected {
            let bin = Int(candidate.level) + 128
            ranked[histogram[bin]] = candidate
            histogram[bin] += 1
        }
    }
}

/// Which levels survive the `limit` cap: everything above `level`, and the
/// first `quota` candidates at exactly `level`.
private struct CapCut {
    private let level: Int8
    private var quota: Int

    init(histogram: [Int], minimumLevel: Int8, limit: Int) {
        var taken = 0
        for level in (Int(minimumLevel)...127).reversed() {
            let count = histogram[level + 128]
            if taken + count >= limit {
                self.level = Int8(level)
                quota = limit - taken
                return
            }
            taken += count
        }
        level = minimumLevel
        quota = Int.max
    }

    mutating func admits(_ candidate: Int8) -> Bool {
        if candidate > level { return true }
        guard candidate == level, quota > 0 else { return false }
        quota -= 1
        return true
    }
}
