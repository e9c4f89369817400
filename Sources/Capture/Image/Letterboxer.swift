import Infer

/// Letterboxes RGB images into a model's int8 NHWC input the Ultralytics way
/// (`LetterBox(auto=False, center=True, scaleup=True)`: keep the aspect
/// ratio, bilinear resize as `cv2.INTER_LINEAR`, pad with 114) and quantizes
/// on the way, row by row, with no full-size intermediate.
///
/// Keep one per stream: its resize plan and row buffer are reused, so frames
/// of one size are letterboxed without allocating.
public struct Letterboxer: Sendable {
    public let inputWidth: Int
    public let inputHeight: Int
    public let quantization: InputQuantizationTable
    private var resizer = BilinearResizer()
    private var row: [UInt8] = []

    /// The grey of the padding, as Ultralytics fills it.
    public static let padValue: UInt8 = 114

    public init(inputWidth: Int, inputHeight: Int, quantization: InputQuantizationTable)
        throws(LetterboxError)
    {
        guard inputWidth > 0, inputHeight > 0 else {
            throw .invalidInputSize(width: inputWidth, height: inputHeight)
        }
        self.inputWidth = inputWidth
        self.inputHeight = inputHeight
        self.quantization = quantization
        row = Array(repeating: 0, count: inputWidth * 3)
    }

    /// The number of int8 values the model input holds, `width * height * 3`.
    public var inputCount: Int { inputWidth * inputHeight * 3 }

    /// Writes `image`, letterboxed and quantized, into `input` (NHWC, RGB)
    /// and returns where it landed, for mapping boxes back.
    public mutating func letterbox(
        _ image: RGBImage, into input: UnsafeMutableBufferPointer<Int8>
    ) throws(LetterboxError) -> LetterboxTransform {
        guard input.count == inputCount else {
            throw .outputSizeMismatch(expected: inputCount, actual: input.count)
        }
        let transform = try LetterboxTransform(
            sourceWidth: image.width, sourceHeight: image.height,
            inputWidth: inputWidth, inputHeight: inputHeight)
        resizer.prepare(
            sourceWidth: image.width, sourceHeight: image.height,
            targetWidth: transform.resizedWidth, targetHeight: transform.resizedHeight)
        let pad = quantization[Self.padValue]
        let rowCount = inputWidth * 3
        let imageRows = transform.padY..<(transform.padY + transform.resizedHeight)
        let imageColumns = (transform.padX * 3)..<((transform.padX + transform.resizedWidth) * 3)
        for y in 0..<inputHeight {
            let start = y * rowCount
            guard imageRows.contains(y) else {
                for index in start..<(start + rowCount) { input[index] = pad }
                continue
            }
            resizer.resizeRow(y - transform.padY, of: image.bytes, into: &row)
            for index in 0..<imageColumns.lowerBound { input[start + index] = pad }
            for index in imageColumns {
                input[start + index] = quantization[row[index - imageColumns.lowerBound]]
            }
            for index in imageColumns.upperBound..<rowCount { input[start + index] = pad }
        }
        return transform
    }

    public mutating func letterbox(_ image: RGBImage, into input: inout [Int8])
        throws(LetterboxError) -> LetterboxTransform
    {
        try input.withUnsafeMutableBufferPointer { (buffer) throws(LetterboxError) in
            try letterbox(image, into: buffer)
        }
    }
}
