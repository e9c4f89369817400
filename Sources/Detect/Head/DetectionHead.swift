import Capture
import Infer

/// Turns the int8 output of a YOLOv8 detect head, `[1, 4 + classes, anchors]`
/// (rows cx, cy, w, h, then one sigmoid score per class), into detections in
/// source-image pixels, the way Ultralytics' `non_max_suppression` and
/// `scale_boxes` do.
///
/// Scores are compared with the confidence in the int8 domain; only
/// candidates are dequantized. Every working buffer is sized at init, so
/// `decode(output:transform:into:)` allocates nothing once the caller's
/// result array has grown to `maxDetections`.
public struct DetectionHead: Sendable {
    /// What the box rows hold.
    public enum BoxUnits: Sendable, Equatable {
        /// Fractions of the model input (TFLite exports): multiplied by the
        /// input width and height.
        case normalized
        /// Model-input pixels (ONNX exports).
        case pixels
    }

    public let classCount: Int
    public let anchorCount: Int
    public let boxUnits: BoxUnits
    public let options: NMSOptions
    private let scale: Float
    private let zeroPoint: Int32
    private let threshold: ScoreThreshold
    private var collector: CandidateCollector
    private var nms: ClasswiseNMS
    private var ranked: [Candidate] = []
    private var boxes: [ScoredBox] = []
    private var kept: [Int32] = []

    /// - Parameters:
    ///   - outputShape: the output tensor's shape, `[1, 4 + classes, anchors]`.
    ///   - quantization: the output tensor's per-tensor scale and zero point.
    public init(
        outputShape: [Int], quantization: Quantization, boxUnits: BoxUnits,
        options: NMSOptions = NMSOptions()
    ) throws(DetectionHeadError) {
        guard outputShape.count == 3, outputShape[0] == 1, outputShape[1] > 4, outputShape[2] > 0
        else { throw .invalidOutputShape(outputShape) }
        try Self.validate(quantization)
        try Self.validate(options)
        classCount = outputShape[1] - 4
        anchorCount = outputShape[2]
        self.boxUnits = boxUnits
        self.options = options
        scale = quantization.scale
        zeroPoint = quantization.zeroPoint
        threshold = ScoreThreshold(
            confidence: options.confidence, scale: scale, zeroPoint: zeroPoint)
        let possible = options.multiLabel ? classCount * anchorCount : anchorCount
        let capacity = min(options.maxCandidates, possible)
        collector = CandidateCollector(
            classCount: classCount, anchorCount: anchorCount, capacity: capacity)
        nms = ClasswiseNMS(classCount: classCount, capacity: capacity)
        ranked.reserveCapacity(capacity)
        boxes.reserveCapacity(capacity)
        kept.reserveCapacity(min(capacity, options.maxDetections))
    }

    static func validate(_ quantization: Quantization) throws(DetectionHeadError) {
        guard !quantization.isPerChannel else {
            throw .unsupportedQuantization("per-channel parameters; the head needs one scale")
        }
        guard quantization.scale.isFinite, quantization.scale > 0 else {
            throw .unsupportedQuantization("scale \(quantization.scale) is not finite and positive")
        }
        guard (-128...127).contains(quantization.zeroPoint) else {
            throw .unsupportedQuantization("zero point \(quantization.zeroPoint) is outside int8")
        }
    }

    static func validate(_ options: NMSOptions) throws(DetectionHeadError) {
        guard options.confidence.isFinite else {
            throw .invalidOption("confidence \(options.confidence) is not finite")
        }
        guard (0...1).contains(options.iou) else {
            throw .invalidOption("IoU threshold \(options.iou) is outside 0...1")
        }
        guard options.maxDetections > 0 else {
            throw .invalidOption("max detections \(options.maxDetections) is not positive")
        }
        guard options.maxCandidates > 0 else {
            throw .invalidOption("max candidates \(options.maxCandidates) is not positive")
        }
    }

    /// The number of int8 values the output must hold.
    public var outputCount: Int { (4 + classCount) * anchorCount }

    /// Decodes output 0 of `outputs` into `detections` (replacing its contents), best
    /// score first, boxes mapped through `transform` to source pixels.
    public mutating func decode(
        _ outputs: some Int8OutputSource, transform: LetterboxTransform, into detections: inout [Detection]
    ) throws(DetectionHeadError) {
        try outputs.withInt8Output(0) { (output) throws(DetectionHeadError) in
            try output.withUnsafeBufferPointer { (output) throws(DetectionHeadError) in
                try decode(output: output, transform: transform, into: &detections)
            }
        }
    }

    /// Decodes output 0 of `outputs` into a new array (which allocates).
    public mutating func decode(
        _ outputs: some Int8OutputSource, transform: LetterboxTransform
    ) throws(DetectionHeadError) -> [Detection] {
        var detections: [Detection] = []
        try decode(outputs, transform: transform, into: &detections)
        return detections
    }

    private mutating func decode(
        output: UnsafeBufferPointer<Int8>, transform: LetterboxTransform, into detections: inout [Detection]
    ) throws(DetectionHeadError) {
        guard output.count == outputCount else {
            throw .outputSizeMismatch(expected: outputCount, actual: output.count)
        }
        detections.removeAll(keepingCapacity: true)
        guard let minimumLevel = threshold.minimumLevel else { return }
        collector.collect(
            from: output, minimumLevel: minimumLevel, multiLabel: options.multiLabel,
            limit: options.maxCandidates, into: &ranked)
        boxes.removeAll(keepingCapacity: true)
        for candidate in ranked {
            boxes.append(decodeBox(of: candidate, in: output, transform: transform))
        }
        nms.select(boxes, iouThreshold: options.iou, limit: options.maxDetections, into: &kept)
        detections.reserveCapacity(options.maxDetections)
        for index in kept {
            let survivor = boxes[Int(index)]
            detections.append(
                Detection(
                    classID: Int(survivor.classID), score: survivor.score,
                    box: transform.mapToSource(survivor.box)))
        }
    }

    private func dequantize(_ level: Int8) -> Float {
        ScoreThreshold.dequantize(level, scale: scale, zeroPoint: zeroPoint)
    }

    private func decodeBox(
        of candidate: Candidate, in output: UnsafeBufferPointer<Int8>,
        transform: LetterboxTransform
    ) -> ScoredBox {
        let anchor = Int(candidate.anchor)
        func row(_ index: Int) -> Float { dequantize(output[index * anchorCount + anchor]) }
        var (centerX, centerY, width, height) = (row(0), row(1), row(2), row(3))
        if boxUnits == .normalized {
            let inputWidth = Float(transform.inputWidth)
            let inputHeight = Float(transform.inputHeight)
            centerX *= inputWidth
            width *= inputWidth
            centerY *= inputHeight
            height *= inputHeight
        }
        return ScoredBox(
            box: BoundingBox(centerX: centerX, centerY: centerY, width: width, height: height),
            score: dequantize(candidate.level), classID: candidate.classID)
    }
}
