import Testing

@testable import Capture

@Suite struct JPEGEncoderTests {
    static func pattern(width: Int, height: Int) throws -> RGBImage {
        try RGBImage(width: width, height: height, bytes: TestJPEGEncoder.pattern(width: width, height: height, channels: 3))
    }

    /// Smooth ramps of red across, green down and blue diagonally: what JPEG keeps well.
    static func gradient(width: Int, height: Int) throws -> RGBImage {
        var bytes: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width {
                bytes += [
                    UInt8(x * 255 / (width - 1)), UInt8(y * 255 / (height - 1)),
                    UInt8((x + y) * 255 / (width + height - 2)),
                ]
            }
        }
        return try RGBImage(width: width, height: height, bytes: bytes)
    }

    /// The mean and the largest difference of two images' bytes.
    static func differences(_ first: RGBImage, _ second: RGBImage) -> (mean: Double, largest: Int) {
        let differences = zip(first.bytes, second.bytes).map { abs(Int($0) - Int($1)) }
        return (Double(differences.reduce(0, +)) / Double(max(differences.count, 1)), differences.max() ?? 0)
    }

    @Test(arguments: JPEGChromaSubsampling.allCases)
    func encodedImagesDecodeToTheSameSizeAndNearlyTheSamePixels(subsampling: JPEGChromaSubsampling) throws {
        // Odd sizes: partial blocks and chroma pairs at the right and bottom edges.
        let image = try Self.gradient(width: 97, height: 61)
        let encoder = try JPEGEncoder(quality: 95, subsampling: subsampling)
        let jpeg = try encoder.encode(image)
        #expect(jpeg.starts(with: [0xFF, 0xD8]) && Array(jpeg.suffix(2)) == [0xFF, 0xD9])

        var decoded = RGBImage()
        try JPEGDecoder().decode(Array(jpeg), into: &decoded)
        #expect(decoded.width == 97 && decoded.height == 61)
        let (mean, largest) = Self.differences(image, decoded)
        #expect(mean < 2, "mean difference \(mean)")
        #expect(largest < 16, "largest difference \(largest)")
    }

    @Test func qualityTradesBytesForFidelityAndIsClamped() throws {
        let image = try Self.pattern(width: 128, height: 96)
        let low = try JPEGEncoder(quality: 20)
        let high = try JPEGEncoder(quality: 95)
        #expect(try low.encode(image).count < high.encode(image).count)
        #expect(try JPEGEncoder(quality: 0).quality == 1)
        #expect(try JPEGEncoder(quality: 500).quality == 100)
        #expect(try JPEGEncoder().quality == JPEGEncoder.defaultQuality)
    }

    @Test func theOutputBufferIsReusedForImagesOfOneSize() throws {
        let encoder = try JPEGEncoder()
        let image = try Self.pattern(width: 64, height: 48)
        let first = try encoder.encode(image).withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) }
        let second = try encoder.encode(image).withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) }
        #expect(first == second)
    }

    @Test func aSliceStillHeldKeepsItsBytesWhenTheEncoderMovesOn() throws {
        let encoder = try JPEGEncoder()
        let first = try encoder.encode(try Self.pattern(width: 64, height: 48))
        let copy = Array(first)
        _ = try encoder.encode(try RGBImage(width: 64, height: 48, bytes: Array(repeating: 200, count: 64 * 48 * 3)))
        #expect(Array(first) == copy)
    }

    @Test func anEmptyImageIsRefusedWithAMessage() throws {
        let error = try #require(throws: JPEGError.self) { try JPEGEncoder().encode(RGBImage()) }
        #expect(error.kind == .encodingFailed)
        #expect(error.description.contains("0x0"))
    }
}
