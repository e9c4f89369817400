import Capture
@testable import Detect
import Testing

@Suite struct LetterboxTransformTests {
    struct Expected: Sendable, CustomTestStringConvertible {
        let source: (Int, Int)
        let input: (Int, Int)
        let gain: Double
        let resized: (Int, Int)
        let pad: (Int, Int)
        var testDescription: String { "\(source.0)x\(source.1) in \(input.0)x\(input.1)" }
    }

    /// Values worked out by hand from Ultralytics' LetterBox formulas.
    @Test(arguments: [
        Expected(source: (640, 480), input: (640, 640), gain: 1, resized: (640, 480), pad: (0, 80)),
        Expected(source: (480, 640), input: (640, 640), gain: 1, resized: (480, 640), pad: (80, 0)),
        Expected(source: (500, 500), input: (640, 640), gain: 1.28, resized: (640, 640), pad: (0, 0)),
        Expected(source: (1, 1), input: (640, 640), gain: 640, resized: (640, 640), pad: (0, 0)),
        Expected(source: (8000, 6000), input: (640, 640), gain: 0.08, resized: (640, 480), pad: (0, 80)),
        // 427 wide: 213 free columns, 106.5 - 0.1 rounds to 106 on the left.
        Expected(source: (427, 640), input: (640, 640), gain: 1, resized: (427, 640), pad: (106, 0)),
        // 5 × 0.5 = 2.5 rounds half to even: 2 (Python's round), not 3.
        Expected(source: (1280, 5), input: (640, 640), gain: 0.5, resized: (640, 2), pad: (0, 319)),
        // 7 × 0.5 = 3.5 rounds half to even: 4.
        Expected(source: (1280, 7), input: (640, 640), gain: 0.5, resized: (640, 4), pad: (0, 318)),
        // Non-square input: 200 × 256/300 = 170.67 → 171; 149 free, 74 left.
        Expected(
            source: (200, 300), input: (320, 256), gain: 256.0 / 300, resized: (171, 256),
            pad: (74, 0)),
        // 1 × 0.32 rounds to 0: kept at 1 pixel (Ultralytics would fail in cv2).
        Expected(source: (1, 2000), input: (640, 640), gain: 0.32, resized: (1, 640), pad: (319, 0)),
    ])
    func matchesUltralyticsGeometry(_ expected: Expected) throws {
        let transform = try LetterboxTransform(
            sourceWidth: expected.source.0, sourceHeight: expected.source.1,
            inputWidth: expected.input.0, inputHeight: expected.input.1)
        #expect(abs(transform.gain - expected.gain) < 1e-12)
        #expect(transform.resizedWidth == expected.resized.0)
        #expect(transform.resizedHeight == expected.resized.1)
        #expect(transform.padX == expected.pad.0)
        #expect(transform.padY == expected.pad.1)
    }

    @Test func rejectsNonPositiveSizes() {
        #expect(throws: LetterboxError.invalidSourceSize(width: 0, height: 10)) {
            try LetterboxTransform(sourceWidth: 0, sourceHeight: 10, inputWidth: 640, inputHeight: 640)
        }
        #expect(throws: LetterboxError.invalidInputSize(width: 640, height: -1)) {
            try LetterboxTransform(sourceWidth: 10, sourceHeight: 10, inputWidth: 640, inputHeight: -1)
        }
    }

    @Test func mapsBoxesBackThroughPaddingAndGain() throws {
        let transform = try LetterboxTransform(
            sourceWidth: 1280, sourceHeight: 720, inputWidth: 640, inputHeight: 640)
        #expect(transform.padY == 140)
        let mapped = transform.mapToSource(BoundingBox(x1: 100, y1: 150, x2: 200, y2: 250))
        #expect(mapped == BoundingBox(x1: 200, y1: 20, x2: 400, y2: 220))
    }

    @Test func clipsMappedBoxesToTheImage() throws {
        let transform = try LetterboxTransform(
            sourceWidth: 640, sourceHeight: 480, inputWidth: 640, inputHeight: 640)
        let mapped = transform.mapToSource(BoundingBox(x1: -5, y1: 70, x2: 700, y2: 600))
        #expect(mapped == BoundingBox(x1: 0, y1: 0, x2: 640, y2: 480))
    }
}
