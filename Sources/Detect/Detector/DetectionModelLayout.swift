import Capture
import Infer

/// What a YOLOv8 detection model looks like to yolo-edge: an int8
/// `[1, height, width, 3]` input, and either the TFLite export's single int8
/// `[1, 4 + classes, anchors]` output, or the per-scale box and class logits
/// of a model converted from ONNX (`GridOutput`), which runs at any multiple
/// of its largest stride. Checked once, before any buffer is made.
struct DetectionModelLayout {
    enum Outputs {
        case combined(shape: [Int], quantization: Quantization)
        case grid([GridOutput])
    }

    /// The graph to run: the model's own, or resized to the size asked for.
    let graph: Graph
    let width: Int
    let height: Int
    let inputQuantization: Quantization
    /// The largest stride of a model that runs at any multiple of it; nil for one fixed at its size.
    let largestStride: Int?
    let outputs: Outputs
    let classNames: [String]
    /// False when the model's metadata holds no usable names (missing, cut short, or not one per
    /// class), so that `classNames` are `class0`, `class1`, ...
    let hasOwnClassNames: Bool

    init(graph model: Graph, size request: InputSizeRequest) throws {
        let input = model.tensors[model.inputs[0]]
        guard input.type == .int8, input.shape.count == 4, input.shape[0] == 1, input.shape[3] == 3,
            let inputQuantization = input.quantization
        else {
            throw DetectorSetupError(description: """
                the model input is \(input.type.rawValue) \(input.shape); yolo-edge needs a full-integer \
                model with an int8 [1, height, width, 3] input (Ultralytics: `yolo export format=tflite int8=True`, \
                file *_full_integer_quant.tflite, or `yolo-edge convert MODEL.onnx --calib DIR`)
                """)
        }
        self.inputQuantization = inputQuantization
        if let grid = try Self.gridOutputs(model) {
            let largestStride = input.shape[1] / grid.map(\.height).min()!
            self.largestStride = largestStride
            let own = FrameSize(width: input.shape[2], height: input.shape[1])
            graph = try Self.resize(model, to: Self.size(request, own: own, largestStride: largestStride))
            outputs = .grid(try Self.gridOutputs(graph)!)
        } else {
            if case .fixed(let size) = request, size.width != input.shape[2] || size.height != input.shape[1] {
                throw DetectorSetupError(description: """
                    size \(size) does not match this model, whose input is fixed at \(input.shape[2])x\(input.shape[1]) \
                    (a TFLite export runs only at the size it was exported for; a model made by `yolo-edge convert` \
                    runs at any multiple of 32)
                    """)
            }
            graph = model
            largestStride = nil
            outputs = try Self.combinedOutput(model)
        }
        height = graph.tensors[graph.inputs[0]].shape[1]
        width = graph.tensors[graph.inputs[0]].shape[2]
        let classCount = switch outputs {
        case .combined(let shape, _): shape[1] - 4
        case .grid(let scales): scales[0].classCount
        }
        hasOwnClassNames = graph.metadata.classNames.count == classCount
        classNames = hasOwnClassNames ? graph.metadata.classNames : (0..<classCount).map { "class\($0)" }
    }

    private static func combinedOutput(_ graph: Graph) throws -> Outputs {
        let output = graph.tensors[graph.outputs[0]]
        guard graph.outputs.count == 1, output.type == .int8, output.shape.count == 3, output.shape[1] > 4,
            let quantization = output.quantization
        else {
            throw DetectorSetupError(description: """
                the model output is \(output.type.rawValue) \(output.shape); a YOLOv8 detect head \
                with an int8 [1, 4 + classes, anchors] output, or per-scale box and class outputs, is needed
                """)
        }
        return .combined(shape: output.shape, quantization: quantization)
    }

    /// The per-scale outputs, when the graph has an even number of int8 NHWC outputs (box, class, ...).
    private static func gridOutputs(_ graph: Graph) throws -> [GridOutput]? {
        let tensors = graph.outputs.map { graph.tensors[$0] }
        guard tensors.count >= 2, tensors.count % 2 == 0,
            tensors.allSatisfy({ $0.shape.count == 4 && $0.type == .int8 && $0.quantization != nil })
        else { return nil }
        return try stride(from: 0, to: tensors.count, by: 2).map { index in
            try GridOutput(
                boxShape: tensors[index].shape, boxQuantization: tensors[index].quantization!,
                classShape: tensors[index + 1].shape, classQuantization: tensors[index + 1].quantization!)
        }
    }

    /// The input size `request` asks of a model that runs at any multiple of `largestStride`.
    private static func size(_ request: InputSizeRequest, own: FrameSize, largestStride: Int) throws -> FrameSize {
        let size: FrameSize
        switch request {
        case .model: return own
        case .fixed(let fixed): size = fixed
        case .fitting(let image):
            size = try InputSizeRequest.fittedSize(
                holding: image, longSide: max(own.width, own.height), stride: largestStride)
        }
        guard size.width > 0, size.height > 0, size.width % largestStride == 0, size.height % largestStride == 0 else {
            throw DetectorSetupError(description: "size \(size) is not a positive multiple of the model's largest stride, \(largestStride)")
        }
        return size
    }

    private static func resize(_ graph: Graph, to size: FrameSize) throws -> Graph {
        let input = graph.tensors[graph.inputs[0]].shape
        guard size.height != input[1] || size.width != input[2] else { return graph }
        return try graph.resized(height: size.height, width: size.width)
    }

    /// One int8 tensor holds boxes and scores (0...1). If its range tops out
    /// near 1, the boxes are fractions of the input (TFLite exports); pixel
    /// boxes (ONNX exports) need a range of hundreds.
    private static func boxUnits(_ quantization: Quantization) -> DetectionHead.BoxUnits {
        let largest = quantization.scale * Float(127 - quantization.zeroPoint)
        return largest < 2 ? .normalized : .pixels
    }

    /// The decoder of this layout's outputs.
    func makeDecoder(options: NMSOptions) throws(DetectionHeadError) -> DetectionDecoder {
        switch outputs {
        case .combined(let shape, let quantization):
            DetectionDecoder(.combined(try DetectionHead(
                outputShape: shape, quantization: quantization, boxUnits: Self.boxUnits(quantization), options: options)))
        case .grid(let scales):
            DetectionDecoder(.grid(try GridDetectionHead(
                scales: scales, inputWidth: width, inputHeight: height, options: options)))
        }
    }
}

extension Graph {
    /// This detection model's graph at the input size asked for, checked as a detector checks it
    /// (for `bench` and `inspect`, which run the engine alone).
    public func detectionGraph(at size: InputSizeRequest) throws -> Graph {
        try DetectionModelLayout(graph: self, size: size).graph
    }
}
