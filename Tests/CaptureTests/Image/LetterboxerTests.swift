import TestSupport
import Testing

@testable import Capture
import Infer

@Suite struct LetterboxerTests {
    static let table = try! InputQuantizationTable(scale: 0.01865844801068306, zeroPoint: -14)

    static func letterbox(_ image: RGBImage, inputWidth: Int, inputHeight: Int) throws
        -> ([Int8], LetterboxTransform)
    {
        var letterboxer = try Letterboxer(
            inputWidth: inputWidth, inputHeight: inputHeight, quantization: table)
        var input = [Int8](repeating: 0, count: letterboxer.inputCount)
        let transform = try letterboxer.letterbox(image, into: &input)
        return (input, transform)
    }

    static func constantImage(width: Int, height: Int, value: UInt8) throws -> RGBImage {
        try RGBImage(
            width: width, height: height,
            bytes: Array(repeating: value, count: width * height * 3))
    }

    @Test(arguments: [
        (640, 480, 640, 640, 0, 80),  // landscape
        (480, 640, 640, 640, 80, 0),  // portrait
        (427, 640, 640, 640, 106, 0),  // odd border: the extra pixel goes right
        (200, 300, 320, 256, 74, 0),  // non-square input: 171 wide, 74.5 → 74
        (1, 1, 64, 64, 0, 0),  // tiny
    ])
    func constantImageFillsExactlyItsRegion(
        width: Int, height: Int, inputWidth: Int, inputHeight: Int, padX: Int, padY: Int
    ) throws {
        let value: UInt8 = 37
        let (input, transform) = try Self.letterbox(
            Self.constantImage(width: width, height: height, value: value),
            inputWidth: inputWidth, inputHeight: inputHeight)
        #expect(transform.padX == padX && transform.padY == padY)
        let imageLevel = Self.table[value]
        let padLevel = Self.table[114]
        #expect(imageLevel != padLevel)
        for y in 0..<inputHeight {
            for x in 0..<inputWidth {
                let inside =
                    (padX..<(padX + transform.resizedWidth)).contains(x)
                    && (padY..<(padY + transform.resizedHeight)).contains(y)
                let expected = inside ? imageLevel : padLevel
                let start = (y * inputWidth + x) * 3
                guard input[start..<(start + 3)].allSatisfy({ $0 == expected }) else {
                    Issue.record("pixel \(x),\(y) is \(input[start..<(start + 3)]), expected \(expected)")
                    return
                }
            }
        }
    }

    @Test func quantizesResizedPixelsThroughTheTable() throws {
        // 2×1 → 640×320: the same resize as the resizer alone, then the table.
        let image = try RGBImage(width: 2, height: 1, bytes: [0, 100, 200, 255, 50, 10])
        let (input, transform) = try Self.letterbox(image, inputWidth: 640, inputHeight: 640)
        #expect(transform.resizedWidth == 640 && transform.resizedHeight == 320)
        #expect(transform.padY == 160)
        var resizer = BilinearResizer()
        resizer.prepare(sourceWidth: 2, sourceHeight: 1, targetWidth: 640, targetHeight: 320)
        var row = [UInt8](repeating: 0, count: 640 * 3)
        resizer.resizeRow(5, of: image.bytes, into: &row)
        let start = (160 + 5) * 640 * 3
        #expect(Array(input[start..<(start + 640 * 3)]) == row.map { Self.table[$0] })
    }

    /// A 640-wide photo needs no resize: the letterbox is the decoded pixels
    /// through the table, between bands of padding.
    @Test func unscaledPhotoIsItsQuantizedPixelsBetweenPadding() throws {
        try ReferenceData.require()
        let path = ReferenceData.validationImages.appendingPathComponent("000000000139.jpg").path
        let image = try RGBImage(contentsOfJPEGFile: path)
        #expect(image.width == 640 && image.height == 426)
        let (input, transform) = try Self.letterbox(image, inputWidth: 640, inputHeight: 640)
        #expect(transform.padY == 107 && transform.resizedHeight == 426)
        let rowBytes = 640 * 3
        let top = input[..<(107 * rowBytes)]
        let bottom = input[((107 + 426) * rowBytes)...]
        #expect(top.allSatisfy { $0 == Self.table[114] })
        #expect(bottom.allSatisfy { $0 == Self.table[114] })
        #expect(Array(input[(107 * rowBytes)..<((107 + 426) * rowBytes)]) == image.bytes.map { Self.table[$0] })
    }

    @Test func rejectsWrongInputBufferSize() throws {
        var letterboxer = try Letterboxer(inputWidth: 64, inputHeight: 64, quantization: Self.table)
        var input = [Int8](repeating: 0, count: 64 * 64 * 3 - 1)
        #expect(throws: LetterboxError.outputSizeMismatch(expected: 64 * 64 * 3, actual: 64 * 64 * 3 - 1)) {
            try letterboxer.letterbox(Self.constantImage(width: 8, height: 8, value: 1), into: &input)
        }
    }

    @Test func rejectsEmptyImage() throws {
        var letterboxer = try Letterboxer(inputWidth: 64, inputHeight: 64, quantization: Self.table)
        var input = [Int8](repeating: 0, count: letterboxer.inputCount)
        #expect(throws: LetterboxError.invalidSourceSize(width: 0, height: 0)) {
            try letterboxer.letterbox(RGBImage(), into: &input)
        }
    }

    @Test func rejectsNonPositiveInputSize() {
        #expect(throws: LetterboxError.invalidInputSize(width: 0, height: 640)) {
            try Letterboxer(inputWidth: 0, inputHeight: 640, quantization: Self.table)
        }
    }
}
