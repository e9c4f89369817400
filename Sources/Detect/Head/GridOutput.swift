import Infer

/// One scale of a converted YOLOv8 model's outputs (`yolo-edge convert` from
/// ONNX): int8 NHWC box logits `[1, H, W, 4·bins]` (distribution focal loss
/// bins per side) and class logits `[1, H, W, classes]`, each with its own
/// per-tensor quantization.
public struct GridOutput: Sendable, Equatable {
    public var height: Int
    public var width: Int
    public var bins: Int
    public var classCount: Int
    public var boxQuantization: Quantization
    public var classQuantization: Quantization

    public init(boxShape: [Int], boxQuantization: Quantization, classShape: [Int], classQuantization: Quantization) throws(DetectionHeadError) {
        guard boxShape.count == 4, classShape.count == 4, boxShape[0] == 1, classShape[0] == 1,
            boxShape[1...2] == classShape[1...2], boxShape[3] % 4 == 0, boxShape[3] >= 4, classShape[3] > 0,
            boxShape[1] > 0, boxShape[2] > 0
        else { throw .invalidOutputShape(boxShape + classShape) }
        try DetectionHead.validate(boxQuantization)
        try DetectionHead.validate(classQuantization)
        height = boxShape[1]
        width = boxShape[2]
        bins = boxShape[3] / 4
        classCount = classShape[3]
        self.boxQuantization = boxQuantization
        self.classQuantization = classQuantization
    }

    var cellCount: Int { height * width }
}
