import Capture
@testable import Detect
import Infer

/// A literal transcription of Ultralytics' `non_max_suppression` followed by
/// `scale_boxes`: dequantize every score, filter in float, stable sort,
/// `max_nms` cap, one global greedy NMS over class-offset boxes, `max_det`.
/// Slow and simple, to check the head's integer-domain, per-class version.
enum ReferencePostprocessing {
    static func detections(
        _ output: [Int8], classCount: Int, anchorCount: Int, quantization: Quantization,
        options: NMSOptions, transform: LetterboxTransform
    ) -> [Detection] {
        func value(_ row: Int, _ anchor: Int) -> Float {
            Float(Int32(output[row * anchorCount + anchor]) - quantization.zeroPoint)
                * quantization.scale
        }
        var candidates: [Detection] = []
        for anchor in 0..<anchorCount {
            let box = BoundingBox(
                centerX: value(0, anchor) * Float(transform.inputWidth),
                centerY: value(1, anchor) * Float(transform.inputHeight),
                width: value(2, anchor) * Float(transform.inputWidth),
                height: value(3, anchor) * Float(transform.inputHeight))
            let scores = (0..<classCount).map { value(4 + $0, anchor) }
            if options.multiLabel {
                for (classID, score) in scores.enumerated() where score > options.confidence {
                    candidates.append(Detection(classID: classID, score: score, box: box))
                }
            } else if let best = scores.indices.max(by: { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }),
                scores[best] > options.confidence
            {
                candidates.append(Detection(classID: best, score: scores[best], box: box))
            }
        }
        return selected(candidates, options: options, transform: transform)
    }

    /// Stable sort by score, `max_nms` cap, greedy NMS over class-offset boxes,
    /// `max_det`, boxes mapped to the source: for candidates in model-input pixels.
    static func selected(_ candidates: [Detection], options: NMSOptions, transform: LetterboxTransform) -> [Detection] {
        let order = candidates.indices.sorted {
            candidates[$0].score > candidates[$1].score
                || (candidates[$0].score == candidates[$1].score && $0 < $1)
        }
        let ranked = order.prefix(options.maxCandidates).map { candidates[$0] }
        let offsetBoxes = ranked.map { candidate in
            let offset = Float(candidate.classID) * 7680
            return BoundingBox(
                x1: candidate.box.x1 + offset, y1: candidate.box.y1 + offset,
                x2: candidate.box.x2 + offset, y2: candidate.box.y2 + offset)
        }
        var suppressed = Array(repeating: false, count: ranked.count)
        var kept: [Detection] = []
        for index in ranked.indices where !suppressed[index] {
            kept.append(ranked[index])
            let a = offsetBoxes[index]
            for other in (index + 1)..<ranked.count where !suppressed[other] {
                let b = offsetBoxes[other]
                let intersection =
                    max(0, min(a.x2, b.x2) - max(a.x1, b.x1)) * max(0, min(a.y2, b.y2) - max(a.y1, b.y1))
                let iou = intersection / (a.area + b.area - intersection)
                if Double(iou) > options.iou { suppressed[other] = true }
            }
        }
        return kept.prefix(options.maxDetections).map {
            Detection(classID: $0.classID, score: $0.score, box: transform.mapToSource($0.box))
        }
    }
}
