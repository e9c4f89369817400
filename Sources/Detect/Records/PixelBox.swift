/// An axis-aligned box in image pixels, given by its corners.
public struct PixelBox: Hashable, Sendable {
    public var x1: Double
    public var y1: Double
    public var x2: Double
    public var y2: Double

    public init(x1: Double, y1: Double, x2: Double, y2: Double) {
        self.x1 = x1
        self.y1 = y1
        self.x2 = x2
        self.y2 = y2
    }

    public var isFinite: Bool { x1.isFinite && y1.isFinite && x2.isFinite && y2.isFinite }
}

/// Encoded as the JSON array `[x1, y1, x2, y2]` of the detection output contract.
extension PixelBox: Codable {
    public init(from decoder: any Decoder) throws {
        let corners = try [Double](from: decoder)
        guard corners.count == 4 else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath,
                debugDescription: "a box is [x1, y1, x2, y2], found \(corners.count) numbers"))
        }
        self.init(x1: corners[0], y1: corners[1], x2: corners[2], y2: corners[3])
    }

    public func encode(to encoder: any Encoder) throws {
        try [x1, y1, x2, y2].encode(to: encoder)
    }
}
