import Detect

/// The point of a box that decides whether an object is inside a zone or has crossed a line.
/// Bottom-centre by default: where a person or a car touches the ground.
public enum BoxAnchor: String, Sendable, CaseIterable {
    case bottomCenter = "bottom_center"
    case center
    case topCenter = "top_center"

    /// The anchor of `box` (source pixels) in normalized coordinates of a `width`×`height` frame.
    public func point(of box: BoundingBox, width: Int, height: Int) -> NormalizedPoint {
        let x = Double(box.x1 + box.x2) / 2 / Double(width)
        let y: Double
        switch self {
        case .bottomCenter: y = Double(box.y2) / Double(height)
        case .center: y = Double(box.y1 + box.y2) / 2 / Double(height)
        case .topCenter: y = Double(box.y1) / Double(height)
        }
        return NormalizedPoint(x: x, y: y)
    }
}
