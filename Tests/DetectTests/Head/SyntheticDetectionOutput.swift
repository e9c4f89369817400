import Capture
@testable import Detect
import Infer

/// A hand-built YOLOv8 detect output `[1, 4 + classes, anchors]` quantized
/// with scale 1/256 and zero point -128, so a level `q` means `(q + 128) / 256`:
/// scores are `(q + 128) / 256` and, with normalized boxes in a 640 input,
/// coordinates are `(q + 128) × 2.5` pixels.
struct SyntheticDetectionOutput {
    static let quantization = Quantization(scale: 1.0 / 256, zeroPoint: -128)

    let classCount: Int
    let anchorCount: Int
    private(set) var values: [Int8]

    init(classCount: Int, anchorCount: Int) {
        self.classCount = classCount
        self.anchorCount = anchorCount
        values = Array(repeating: -128, count: (4 + classCount) * anchorCount)
    }

    var shape: [Int] { [1, 4 + classCount, anchorCount] }

    /// The level of a score (or a normalized coordinate).
    static func level(_ value: Double) -> Int8 {
        Int8((value * 256).rounded() - 128)
    }

    /// The score a level dequantizes to, as the head computes it.
    static func score(_ level: Int8) -> Float {
        Float(Int32(level) + 128) * (1.0 / 256)
    }

    /// Sets an anchor's box in 2.5-pixel units of a 640 input (0...255).
    mutating func setBox(anchor: Int, centerX: Int, centerY: Int, width: Int, height: Int) {
        for (row, units) in [centerX, centerY, width, height].enumerated() {
            values[row * anchorCount + anchor] = Int8(units - 128)
        }
    }

    mutating func setScore(anchor: Int, classID: Int, level: Int8) {
        values[(4 + classID) * anchorCount + anchor] = level
    }

    func decode(
        with options: NMSOptions, transform: LetterboxTransform = .identity640
    ) throws -> [Detection] {
        var head = try DetectionHead(
            outputShape: shape, quantization: Self.quantization, boxUnits: .normalized,
            options: options)
        return try head.decode(ArrayOutputs(values), transform: transform)
    }
}

extension LetterboxTransform {
    static let identity640 = try! LetterboxTransform(
        sourceWidth: 640, sourceHeight: 640, inputWidth: 640, inputHeight: 640)
}
