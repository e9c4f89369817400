import Detect

/// A box as COCO stores it: corner, width and height. The evaluator computes in this form
/// because pycocotools does, and `x + width` need not round back to `x2`; working from the
/// same doubles keeps IoUs, and thus matches at exact thresholds, identical.
struct COCOBox {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    init(_ box: PixelBox) {
        x = box.x1
        y = box.y1
        width = box.x2 - box.x1
        height = box.y2 - box.y1
    }

    /// COCO's area of a box annotation or result (negative for inverted boxes).
    var area: Double { width * height }

    /// Outside COCO's area range "all": an ignored object, or an ignored unmatched detection.
    var isOutsideAreaRange: Bool { !COCOParameters.areaRange.contains(area) }

    /// Intersection over union as pycocotools' `maskUtils.iou` computes it for non-crowd
    /// boxes: continuous coordinates (no +1), zero when the boxes do not overlap.
    func intersectionOverUnion(with other: COCOBox) -> Double {
        let overlapWidth = min(width + x, other.width + other.x) - max(x, other.x)
        guard overlapWidth > 0 else { return 0 }
        let overlapHeight = min(height + y, other.height + other.y) - max(y, other.y)
        guard overlapHeight > 0 else { return 0 }
        let intersection = overlapWidth * overlapHeight
        return intersection / (area + other.area - intersection)
    }
}
