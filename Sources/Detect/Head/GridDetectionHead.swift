import Capture
import Glibc
import Infer

/// Decodes the per-scale int8 outputs of a converted YOLOv8 model (see
/// `GridOutput`) into detections, with the results of Ultralytics' decoding
/// (DFL, anchors at cell centres, strides, sigmoid scores) and
/// `non_max_suppression`.
///
/// Class logits are thresholded as int8 levels (the sigmoid is monotonic, so
/// the confidence becomes one level per scale); scores come from a 256-entry
/// sigmoid table per scale, and levels of all scales are ranked through one
/// precomputed order, so ranking is a counting sort. Only for candidates are
/// the box bins decoded, once per anchor. Every buffer is sized at init.
public struct GridDetectionHead: Sendable {
    public let scales: [GridOutput]
    public let inputWidth: Int
    public let inputHeight: Int
    public let options: NMSOptions
    public var classCount: Int { scales[0].classCount }

    private let strides: [Float]
    /// Per scale: the first anchor's global index.
    private let anchorOffsets: [Int]
    private let decoders: [DistributionFocalDecoder]
    /// Per scale, per level + 128: the sigmoid score, and its rank among every
    /// passing (scale, level) score (0 = best), or -1 below the confidence.
    private let scores: [[Float]]
    private let ranks: [[Int32]]
    private let rankCount: Int
    private var histogram: [Int]
    private var collected: [GridCandidate] = []
    private var ranked: [GridCandidate] = []
    private var boxes: [ScoredBox] = []
    private var kept: [Int32] = []
    /// Per anchor: its decoded box and the generation it was decoded in.
    private var anchorBoxes: [BoundingBox]
    private var anchorGenerations: [UInt32]
    private var generation: UInt32 = 0
    private var nms: ClasswiseNMS

    public init(scales: [GridOutput], inputWidth: Int, inputHeight: Int, options: NMSOptions = NMSOptions()) throws(DetectionHeadError) {
        guard let first = scales.first, scales.allSatisfy({ $0.classCount == first.classCount && $0.bins == first.bins }) else {
            throw .invalidOutputShape([])
        }
        try DetectionHead.validate(options)
        var strides: [Float] = [], offsets: [Int] = [], total = 0
        for scale in scales {
            guard inputHeight % scale.height == 0, inputWidth % scale.width == 0,
                inputHeight / scale.height == inputWidth / scale.width
            else { throw .invalidOutputShape([1, scale.height, scale.width, 4 * scale.bins]) }
            strides.append(Float(inputHeight / scale.height))
            offsets.append(total)
            total += scale.cellCount
        }
        self.scales = scales
        self.inputWidth = inputWidth
        self.inputHeight = inputHeight
        self.options = options
        self.strides = strides
        anchorOffsets = offsets
        decoders = scales.map { DistributionFocalDecoder(scale: $0.boxQuantization.scale) }
        let scores = scales.map { scale in
            (-128...127).map { level in
                let logit = Double(scale.classQuantization.scale) * Double(Int32(level) - scale.classQuantization.zeroPoint)
                return Float(1 / (1 + exp(-logit)))
            }
        }
        // One order over all passing scores, best first; equal scores share a rank.
        let passing = Set(scores.joined().filter { $0 > options.confidence }).sorted(by: >)
        let rankOf = Dictionary(uniqueKeysWithValues: passing.enumerated().map { ($1, Int32($0)) })
        ranks = scores.map { $0.map { rankOf[$0] ?? -1 } }
        self.scores = scores
        rankCount = passing.count
        histogram = Array(repeating: 0, count: max(passing.count, 1))
        let possible = options.multiLabel ? first.classCount * total : total
        let capacity = min(options.maxCandidates, possible)
        collected.reserveCapacity(capacity)
        ranked.reserveCapacity(capacity)
        boxes.reserveCapacity(capacity)
        kept.reserveCapacity(min(capacity, options.maxDetections))
        anchorBoxes = Array(repeating: BoundingBox(x1: 0, y1: 0, x2: 0, y2: 0), count: total)
        anchorGenerations = Array(repeating: 0, count: total)
        nms = ClasswiseNMS(classCount: first.classCount, capacity: capacity)
    }

    /// Decodes the outputs (box₀, class₀, box₁, class₁, … as `scales`) into
    /// `detections`, best first, in source pixels through `transform`.
    public mutating func decode(
        _ outputs: some Int8OutputSource, transform: LetterboxTransform, into detections: inout [Detection]
    ) throws(DetectionHeadError) {
        for (index, scale) in scales.enumerated() {
            let boxCount = outputs.withInt8Output(2 * index) { $0.count }
            if boxCount != scale.cellCount * 4 * scale.bins {
                throw .outputSizeMismatch(expected: scale.cellCount * 4 * scale.bins, actual: boxCount)
            }
            let classCount = outputs.withInt8Output(2 * index + 1) { $0.count }
            if classCount != scale.cellCount * scale.classCount {
                throw .outputSizeMismatch(expected: scale.cellCount * scale.classCount, actual: classCount)
            }
        }
        detections.removeAll(keepingCapacity: true)
        collectCandidates(outputs)
        rankCandidates()
        generation &+= 1
        // Each scale's box logits are lent once; its candidates' boxes are decoded from them
        // into their places in rank order.
        boxes.removeAll(keepingCapacity: true)
        boxes.append(contentsOf: repeatElement(
            ScoredBox(box: BoundingBox(x1: 0, y1: 0, x2: 0, y2: 0), score: 0, classID: 0), count: ranked.count))
        for index in scales.indices {
            outputs.withInt8Output(2 * index) { logits in
                logits.withUnsafeBufferPointer { logits in
                    for (position, candidate) in ranked.enumerated() where Int(candidate.scale) == index {
                        boxes[position] = ScoredBox(
                            box: box(of: Int(candidate.anchor), scale: index, logits: logits),
                            score: scores[index][Int(candidate.level) + 128], classID: candidate.classID)
                    }
                }
            }
        }
        nms.select(boxes, iouThreshold: options.iou, limit: options.maxDetections, into: &kept)
        for index in kept {
            let survivor = boxes[Int(index)]
            detections.append(Detection(
                classID: Int(survivor.classID), score: survivor.score, box: transform.mapToSource(survivor.box)))
        }
    }

    /// Candidates in Ultralytics' order (anchor, then class), capped at
    /// `maxCandidates` by rank: a histogram of ranks finds the cut.
    private mutating func collectCandidates(_ outputs: some Int8OutputSource) {
        // Taken out of `self` while the scans fill them, so that no copy is made.
        var histogram: [Int] = [], collected: [GridCandidate] = []
        swap(&histogram, &self.histogram)
        swap(&collected, &self.collected)
        defer {
            swap(&histogram, &self.histogram)
            swap(&collected, &self.collected)
        }
        for bin in histogram.indices { histogram[bin] = 0 }
        forEachCandidate(outputs) { rank, _, _, _, _ in histogram[Int(rank)] += 1 }
        var cutRank = rankCount, quota = Int.max, taken = 0
        for rank in 0..<rankCount {
            if taken + histogram[rank] >= options.maxCandidates {
                (cutRank, quota) = (rank, options.maxCandidates - taken)
                break
            }
            taken += histogram[rank]
        }
        collected.removeAll(keepingCapacity: true)
        forEachCandidate(outputs) { rank, scale, anchor, classID, level in
            if rank == cutRank {
                guard quota > 0 else { return }
                quota -= 1
            } else if rank > cutRank {
                return
            }
            collected.append(GridCandidate(anchor: Int32(anchor), classID: Int32(classID), scale: Int8(scale), level: level, rank: rank))
        }
    }

    private func forEachCandidate(
        _ outputs: some Int8OutputSource,
        _ body: (_ rank: Int32, _ scale: Int, _ anchor: Int, _ classID: Int, _ level: Int8) -> Void
    ) {
        for index in scales.indices {
            outputs.withInt8Output(2 * index + 1) { classes in
                classes.withUnsafeBufferPointer { classes in
                    ranks[index].withUnsafeBufferPointer { ranks in
                        forEachCandidate(inScale: index, classes: classes, ranks: ranks, body)
                    }
                }
            }
        }
    }

    private func forEachCandidate(
        inScale index: Int, classes: UnsafeBufferPointer<Int8>, ranks: UnsafeBufferPointer<Int32>,
        _ body: (_ rank: Int32, _ scale: Int, _ anchor: Int, _ classID: Int, _ level: Int8) -> Void
    ) {
        let scale = scales[index]
        for cell in 0..<scale.cellCount {
            let row = cell * scale.classCount
            if options.multiLabel {
                for classID in 0..<scale.classCount {
                    let level = classes[row + classID]
                    let rank = ranks[Int(level) + 128]
                    if rank >= 0 { body(rank, index, anchorOffsets[index] + cell, classID, level) }
                }
            } else {
                // The first of equal classes wins, like torch's max.
                var best = 0
                for classID in 1..<scale.classCount where classes[row + classID] > classes[row + best] { best = classID }
                let level = classes[row + best]
                let rank = ranks[Int(level) + 128]
                if rank >= 0 { body(rank, index, anchorOffsets[index] + cell, best, level) }
            }
        }
    }

    /// Stable counting sort of `collected` by rank.
    private mutating func rankCandidates() {
        for bin in histogram.indices { histogram[bin] = 0 }
        for candidate in collected { histogram[Int(candidate.rank)] += 1 }
        var next = 0
        for bin in histogram.indices {
            let count = histogram[bin]
            histogram[bin] = next
            next += count
        }
        ranked.removeAll(keepingCapacity: true)
        ranked.append(contentsOf: repeatElement(GridCandidate(anchor: 0, classID: 0, scale: 0, level: 0, rank: 0), count: collected.count))
        for candidate in collected {
            ranked[histogram[Int(candidate.rank)]] = candidate
            histogram[Int(candidate.rank)] += 1
        }
    }

    /// The anchor's box in model-input pixels, decoded once per run.
    private mutating func box(of anchor: Int, scale index: Int, logits: UnsafeBufferPointer<Int8>) -> BoundingBox {
        if anchorGenerations[anchor] == generation { return anchorBoxes[anchor] }
        let scale = scales[index]
        let cell = anchor - anchorOffsets[index]
        let bins = scale.bins, start = cell * 4 * bins
        let decoder = decoders[index]
        let left = decoder.distance(logits, start: start, bins: bins)
        let top = decoder.distance(logits, start: start + bins, bins: bins)
        let right = decoder.distance(logits, start: start + 2 * bins, bins: bins)
        let bottom = decoder.distance(logits, start: start + 3 * bins, bins: bins)
        // Ultralytics' dist2bbox (xywh) then the stride, in the same order.
        let anchorX = Float(cell % scale.width) + 0.5, anchorY = Float(cell / scale.width) + 0.5
        let (x1, y1, x2, y2) = (anchorX - left, anchorY - top, anchorX + right, anchorY + bottom)
        let stride = strides[index]
        let box = BoundingBox(
            centerX: (x1 + x2) / 2 * stride, centerY: (y1 + y2) / 2 * stride,
            width: (x2 - x1) * stride, height: (y2 - y1) * stride)
        anchorBoxes[anchor] = box
        anchorGenerations[anchor] = generation
        return box
    }
}

/// A class logit above the confidence, still quantized.
struct GridCandidate: Sendable, Equatable {
    var anchor: Int32
    var classID: Int32
    var scale: Int8
    var level: Int8
    var rank: Int32
}
