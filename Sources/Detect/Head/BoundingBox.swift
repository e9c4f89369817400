/// An axis-aligned box given by its corners, `x1 <= x2` and `y1 <= y2` for
/// well-formed boxes.
public struct BoundingBox: Sendable, Equatable {
    public var x1: Float
    public var y1: Float
    public var x2: Float
    public var y2: Float

    public init(x1: Float, y1: Float, x2: Float, y2: Float) {
        self.x1 = x1
        self.y1 = y1
        self.x2 = x2
        self.y2 = y2
    }

    /// The box centred on `(centerX, centerY)`, computed as Ultralytics'
    /// `xywh2xyxy` does (half extents first) so the float results agree.
    public init(centerX: Float, centerY: Float, width: Float, height: Float) {
        let halfWidth = width / 2
        let halfHeight = height / 2
        self.init(
            x1: centerX - halfWidth, y1: centerY - halfHeight,
            x2: centerX + halfWidth, y2: centerY + halfHeight)
    }

    public var width: Float { x2 - x1 }
    public var height: Float { y2 - y1 }
    public var area: Float { width * height }
}
