import Infer

/// Why a model cannot be used for detection.
struct DetectorSetupError: Error, CustomStringConvertible {
    let description: String
}

/// What a YOLOv8 detection model looks like to yolo-edge: an int8
/// `[1, height, width, 3]` input and an int8 `[1, 4 + classes, anchors]`
/// output. Checked once, before any buffer is made.
struct DetectionModelLayout {
    let width: Int
    let height: Int
    let inputQuantization: Quantization
    let outputShape: [Int]
    let outputQuantization: Quantization
    let classNames: [String]

    /// - Parameter size: the square input size asked for, or nil for the model's own.
    init(graph: Graph, size: Int?) throws {
        let input = graph.tensors[graph.inputs[0]]
        guard input.type == .int8, input.shape.count == 4, input.shape[0] == 1, input.shape[3] == 3,
            let inputQuantization = input.quantization
        else {
            throw DetectorSetupError(description: """
                the model input is \(input.type.rawValue) \(input.shape); yolo-edge needs a full-integer \
                model with an int8 [1, height, width, 3] input (Ultralytics: `yolo export format=tflite int8=True`, \
                file *_full_integer_quant.tflite)
                """)
        }
        height = input.shape[1]
        width = input.shape[2]
        if let size, size != width || size != height {
            throw DetectorSetupError(description: """
                size \(size) does not match this model, whose input is fixed at \(width)x\(height)
                """)
        }
        let output = graph.tensors[graph.outputs[0]]
        guard output.type == .int8, output.shape.count == 3, output.shape[1] > 4,
            let outputQuantization = output.quantization
        else {
            throw DetectorSetupError(description: """
                the model output is \(output.type.rawValue) \(output.shape); a YOLOv8 detect head \
                with an int8 [1, 4 + classes, anchors] output is needed
                """)
        }
        self.inputQuantization = inputQuantization
        outputShape = output.shape
        self.outputQuantization = outputQuantization
        let classCount = output.shape[1] - 4
        classNames = graph.metadata.classNames.count == classCount
            ? graph.metadata.classNames : (0..<classCount).map { "class\($0)" }
    }

    /// One int8 tensor holds boxes and scores (0...1). If its range tops out
    /// near 1, the boxes are fractions of the input (TFLite exports); pixel
    /// boxes (ONNX exports) need a range of hundreds.
    var boxUnits: DetectionHead.BoxUnits {
        let largest = outputQuantization.scale * Float(127 - outputQuantization.zeroPoint)
        return largest < 2 ? .normalized : .pixels
    }

    func makeHead(options: NMSOptions) throws -> DetectionHead {
        try DetectionHead(
            outputShape: outputShape, quantization: outputQuantization, boxUnits: boxUnits, options: options)
    }
}
