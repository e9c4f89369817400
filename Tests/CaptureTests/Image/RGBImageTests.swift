import Testing

@testable import Capture

@Suite struct RGBImageTests {
    @Test func acceptsMatchingByteCount() throws {
        let image = try RGBImage(width: 2, height: 3, bytes: Array(repeating: 7, count: 18))
        #expect(image.width == 2 && image.height == 3 && image.bytes.count == 18)
    }

    @Test(arguments: [(2, 3, 17), (0, 3, 0), (-1, 3, 0), (3, 0, 0), (Int.max, 2, 6)])
    func rejectsInconsistentSizes(width: Int, height: Int, byteCount: Int) {
        #expect(throws: RGBImageError(width: width, height: height, byteCount: byteCount)) {
            try RGBImage(width: width, height: height, bytes: Array(repeating: 0, count: byteCount))
        }
    }
}
