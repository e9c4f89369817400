/// A ranked candidate decoded to a box in model-input pixels.
struct ScoredBox: Sendable, Equatable {
    var box: BoundingBox
    var score: Float
    var classID: Int32
}

/// Greedy class-wise non-maximum suppression with the results of
/// Ultralytics' `torchvision.ops.nms(boxes + class * 7680, scores, iou)`.
///
/// Boxes of different classes never overlap after that offset, so NMS runs
/// per class (a stable counting sort groups them), costing O(n + Σ k²) for
/// k boxes per class instead of O(n²). The offset is still added before the
/// IoU so the float32 rounding, and with it every borderline decision, is
/// the same as Ultralytics'. All buffers are sized at init.
struct ClasswiseNMS: Sendable {
    /// Ultralytics' `max_wh`.
    static let classOffset: Float = 7680

    let classCount: Int
    private var classStarts: [Int]
    /// Indices into the ranked boxes, grouped by class, rank order within.
    private var byClass: [Int32]
    private var offsetBoxes: [BoundingBox]
    private var areas: [Float]
    private var suppressed: [Bool]

    init(classCount: Int, capacity: Int) {
        self.classCount = classCount
        classStarts = Array(repeating: 0, count: classCount + 1)
        byClass = Array(repeating: 0, count: capacity)
        offsetBoxes = []
        offsetBoxes.reserveCapacity(capacity)
        areas = []
        areas.reserveCapacity(capacity)
        suppressed = []
        suppressed.reserveCapacity(capacity)
    }

    /// Fills `kept` with the indices of the `ranked` boxes that survive,
    /// best first, at most `limit`.
    ///
    /// - Parameter ranked: boxes by score descending, ties in candidate order.
    mutating func select(
        _ ranked: [ScoredBox], iouThreshold: Double, limit: Int, into kept: inout [Int32]
    ) {
        prepare(ranked)
        groupByClass(ranked)
        for classID in 0..<classCount {
            suppressWithin(classStarts[classID]..<classStarts[classID + 1], iouThreshold)
        }
        kept.removeAll(keepingCapacity: true)
        for index in ranked.indices where !suppressed[index] {
            guard kept.count < limit else { break }
            kept.append(Int32(index))
        }
    }

    private mutating func prepare(_ ranked: [ScoredBox]) {
        offsetBoxes.removeAll(keepingCapacity: true)
        areas.removeAll(keepingCapacity: true)
        for candidate in ranked {
            let offset = Float(candidate.classID) * Self.classOffset
            let box = BoundingBox(
                x1: candidate.box.x1 + offset, y1: candidate.box.y1 + offset,
                x2: candidate.box.x2 + offset, y2: candidate.box.y2 + offset)
            offsetBoxes.append(box)
            areas.append(box.area)
        }
        suppressed.removeAll(keepingCapacity: true)
        suppressed.append(contentsOf: repeatElement(false, count: ranked.count))
    }

    private mutating func groupByClass(_ ranked: [ScoredBox]) {
        for classID in classStarts.indices { classStarts[classID] = 0 }
        for candidate in ranked { classStarts[Int(candidate.classID) + 1] += 1 }
        for classID in 0..<classCount { classStarts[classID + 1] += classStarts[classID] }
        // Fill each class's slots in rank order, then shift the starts back.
        for index in ranked.indices {
            let classID = Int(ranked[index].classID)
            byClass[classStarts[classID]] = Int32(index)
            classStarts[classID] += 1
        }
        for classID in stride(from: classCount, to: 0, by: -1) {
            classStarts[classID] = classStarts[classID - 1]
        }
        classStarts[0] = 0
    }

    private mutating func suppressWithin(_ slots: Range<Int>, _ iouThreshold: Double) {
        for slot in slots {
            let best = Int(byClass[slot])
            if suppressed[best] { continue }
            for other in (slot + 1)..<slots.upperBound {
                let rival = Int(byClass[other])
                if !suppressed[rival], overlap(best, rival) > iouThreshold {
                    suppressed[rival] = true
                }
            }
        }
    }

    /// IoU in float32, widened to double only for the comparison, as the
    /// torchvision CPU kernel does.
    private func overlap(_ first: Int, _ second: Int) -> Double {
        let a = offsetBoxes[first]
        let b = offsetBoxes[second]
        let width = max(0, min(a.x2, b.x2) - max(a.x1, b.x1))
        let height = max(0, min(a.y2, b.y2) - max(a.y1, b.y1))
        let intersection = width * height
        return Double(intersection / (areas[first] + areas[second] - intersection))
    }
}
