import Testing

@testable import Capture

@Suite struct BilinearResizerTests {
    /// A 5×3 RGB image whose byte i is `i * 37 % 256`.
    static let pattern = (0..<45).map { UInt8($0 * 37 % 256) }

    static func resize(_ source: [UInt8], from size: (Int, Int), to target: (Int, Int)) -> [UInt8] {
        var resizer = BilinearResizer()
        resizer.prepare(
            sourceWidth: size.0, sourceHeight: size.1, targetWidth: target.0, targetHeight: target.1)
        var row = [UInt8](repeating: 0, count: target.0 * 3)
        var result: [UInt8] = []
        for y in 0..<target.1 {
            resizer.resizeRow(y, of: source, into: &row)
            result += row
        }
        return result
    }

    /// Oracle: `cv2.resize(pattern.reshape(3, 5, 3), (7, 4), interpolation=cv2.INTER_LINEAR)`
    /// and `(3, 2)`, computed once with opencv-python-headless 5.0.0.
    @Test func matchesOpenCVOnUpAndDownscale() {
        #expect(
            Self.resize(Self.pattern, from: (5, 3), to: (7, 4)) == [
                0, 37, 74, 63, 100, 137, 143, 107, 143, 222, 3, 40, 118, 82, 119, 125, 161, 89, 188,
                225, 6, 27, 64, 101, 90, 127, 164, 124, 133, 170, 89, 30, 67, 99, 109, 146, 151, 120,
                116, 215, 92, 33, 59, 96, 133, 123, 159, 142, 129, 165, 134, 25, 62, 99, 104, 141,
                178, 142, 111, 148, 151, 28, 65, 86, 123, 160, 149, 186, 77, 155, 193, 47, 52, 89,
                126, 131, 168, 205, 101, 138, 175, 18, 55, 92,
            ])
        #expect(
            Self.resize(Self.pattern, from: (5, 3), to: (3, 2)) == [
                48, 85, 122, 169, 14, 51, 161, 156, 65, 112, 149, 122, 41, 78, 115, 98, 93, 130,
            ])
    }

    /// Hand-computed: positions -0.25, 0.25, 0.75, 1.25 between 0 and 255;
    /// the edges clamp, the inner ones weigh 512/1536 in 11-bit fixed point.
    @Test func upscalesTwoPixelsWithFixedPointWeights() {
        let result = Self.resize([0, 0, 0, 255, 255, 255], from: (2, 1), to: (4, 1))
        #expect(result == [0, 0, 0, 64, 64, 64, 191, 191, 191, 255, 255, 255])
    }

    @Test(arguments: [(7, 5, 3, 2), (3, 2, 17, 11), (640, 480, 640, 480), (9, 9, 4, 4), (1, 1, 5, 3)])
    func constantImageStaysConstant(
        sourceWidth: Int, sourceHeight: Int, targetWidth: Int, targetHeight: Int
    ) {
        for value: UInt8 in [0, 1, 114, 254, 255] {
            let source = [UInt8](repeating: value, count: sourceWidth * sourceHeight * 3)
            let result = Self.resize(
                source, from: (sourceWidth, sourceHeight), to: (targetWidth, targetHeight))
            #expect(result.count == targetWidth * targetHeight * 3)
            #expect(result.allSatisfy { $0 == value }, "value \(value)")
        }
    }

    @Test func unchangedSizeCopies() {
        #expect(Self.resize(Self.pattern, from: (5, 3), to: (5, 3)) == Self.pattern)
    }
}
