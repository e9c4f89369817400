import Detect

extension BoundingBox {
    /// Intersection over union with `other`: 0 for disjoint or empty boxes, 1 for the same box.
    func intersectionOverUnion(_ other: BoundingBox) -> Float {
        let width = min(x2, other.x2) - max(x1, other.x1)
        let height = min(y2, other.y2) - max(y1, other.y1)
        guard width > 0, height > 0 else { return 0 }
        let intersection = width * height
        let union = max(0, self.width) * max(0, self.height) + max(0, other.width) * max(0, other.height) - intersection
        return union > 0 ? intersection / union : 0
    }
}
