import Capture
import Detect
import Testing

/// Plain pictures to draw on, and what the tests look for in them.
enum TestPictures {
    static let background = RGBColor(red: 100, green: 100, blue: 100)
    static let classNames = ["person", "bicycle", "car"]

    /// A `width`×`height` picture of `background`.
    static func plain(width: Int, height: Int) throws -> RGBImage {
        try RGBImage(
            width: width, height: height,
            bytes: Array(repeating: background.red, count: width * height * 3))
    }

    static func detection(
        _ classID: Int, _ x1: Float, _ y1: Float, _ x2: Float, _ y2: Float, score: Float = 0.87, trackID: UInt64? = nil
    ) -> Detection {
        Detection(classID: classID, score: score, box: BoundingBox(x1: x1, y1: y1, x2: x2, y2: y2), trackID: trackID)
    }

    /// Expects each of `points` to be `color`.
    static func expect(
        _ image: RGBImage, _ points: [(Int, Int)], are color: RGBColor, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for (x, y) in points {
            #expect(image.pixel(x: x, y: y) == color, "pixel (\(x), \(y))", sourceLocation: sourceLocation)
        }
    }

    /// Whether `actual` is within `tolerance` of `expected` in every channel.
    static func isClose(_ actual: RGBColor, to expected: RGBColor, tolerance: Int) -> Bool {
        abs(Int(actual.red) - Int(expected.red)) <= tolerance
            && abs(Int(actual.green) - Int(expected.green)) <= tolerance
            && abs(Int(actual.blue) - Int(expected.blue)) <= tolerance
    }
}
