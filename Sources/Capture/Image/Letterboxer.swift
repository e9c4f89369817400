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
        let transform = try LetterboxTransform(
            sourceWidth: image.width, sourceHeight: image.height,
            inputWidth: inputWidth, inputHeight: inputHeight)
        let rows = RGB24Rows(width: image.width, height: image.height)
        try letterbox(image.bytes.span.bytes, reading: rows, placedAs: transform, into: input)
        return transform
    }

    /// Writes `frame`, read through `reader` and resized into `transform`'s
    /// image region, quantized into `input`, padding the rest.
    ///
    /// The reader's size may differ from the transform's source size (a JPEG
    /// decoded at a reduced scale): boxes still map back through `transform`.
    mutating func letterbox<Reader: RGBRowReader>(
        _ frame: RawSpan, reading reader: Reader, placedAs transform: LetterboxTransform,
        into input: UnsafeMutableBufferPointer<Int8>
    ) throws(LetterboxError) {
        guard input.count == inputCount else {
            throw .outputSizeMismatch(expected: inputCount, actual: input.count)
        }
        plan(sourceWidth: reader.width, sourceHeight: reader.height, placedAs: transform)
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
            resizer.resizeRow(y - transform.padY, of: frame, reading: reader, into: &row)
            for index in 0..<imageColumns.lowerBound { input[start + index] = pad }
            let pixels = row.span
            for index in imageColumns {
                input[start + index] = quantization[pixels[index - imageColumns.lowerBound]]
            }
            for index in imageColumns.upperBound..<rowCount { input[start + index] = pad }
        }
    }

    /// Builds the resize plan for frames of this size ahead of the first, so
    /// that one allocates nothing either.
    mutating func plan(sourceWidth: Int, sourceHeight: Int, placedAs transform: LetterboxTransform) {
        resizer.prepare(
            sourceWidth: sourceWidth, sourceHeight: sourceHeight,
            targetWidth: transform.resizedWidth, targetHeight: transform.resizedHeight)
    }

    public mutating func letterbox(_ image: RGBImage, into input: inout [Int8])
        throws(LetterboxError) -> LetterboxTransform
    {
        try input.withUnsafeMutableBufferPointer { (buffer) throws(LetterboxError) in
            try letterbox(image, into: buffer)
        }
    }
}
