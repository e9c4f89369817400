import Glibc
import Infer

/// Post-training quantization of a float YOLOv8 graph into the engine's
/// integer-only graph: cut the detect head's decoding off, run the float
/// graph on calibration images, pick each activation's range, emit int8.
///
///     var quantizer = try ModelQuantizer(onnx: model)
///     for image in images { try quantizer.calibrate(image) }
///     let model = try quantizer.quantize(QuantizerOptions(method: .percentile(99.99)))
public struct ModelQuantizer: Sendable {
    /// The int8 input: the float graph's input values are pixels / 255, and
    /// scale 1/255 with zero point −128 gives every 8-bit pixel its own level.
    public static let inputQuantization = Quantization(scale: 1 / 255, zeroPoint: -128)
    /// Calibration images on which bias correction must improve the outputs' SQNR.
    static let correctionCheckCount = 8

    /// The float graph that is calibrated and quantized (head decoding cut off).
    public let floatGraph: Graph
    private let executor: FloatExecutor
    public private(set) var statistics = CalibrationStatistics()
    /// The calibration inputs as int8 input levels (bias correction runs the int8 graph on them).
    private var calibrationLevels: [[Int8]] = []

    public init(floatGraph graph: Graph) throws(QuantizerError) {
        floatGraph = try DetectHeadCut.cut(graph)
        do {
            executor = try FloatExecutor(graph: floatGraph)
        } catch {
            throw QuantizerError("the float graph cannot run: \(error)")
        }
    }

    /// The size of a dynamic export's input when none is asked for: Ultralytics' default `imgsz`.
    public static let defaultDynamicSize = 640

    /// Converts `model` at a square `inputSize`, or at its own input size when
    /// nil (`defaultDynamicSize` where that is dynamic), and prepares it.
    public init(onnx model: ONNXModel, inputSize: Int? = nil) throws(QuantizerError) {
        let conversion: ONNXConversion
        do {
            conversion = try ONNXConverter.convert(
                model, inputHeight: inputSize, inputWidth: inputSize, dynamicSize: Self.defaultDynamicSize)
        } catch {
            throw QuantizerError(error.description)
        }
        try self.init(floatGraph: conversion.graph)
    }

    /// The float input's element count: `[1, H, W, 3]`, pixels / 255, NHWC.
    public var inputCount: Int { floatGraph.tensors[floatGraph.inputs[0]].elementCount }
    /// The input size the graph was converted at.
    public var inputHeight: Int { floatGraph.tensors[floatGraph.inputs[0]].shape[1] }
    public var inputWidth: Int { floatGraph.tensors[floatGraph.inputs[0]].shape[2] }

    /// Records every activation of one calibration input.
    public mutating func calibrate(_ input: [Float]) throws(QuantizerError) {
        do {
            try statistics.record(input, with: executor)
        } catch {
            throw QuantizerError("calibration run failed: \(error)")
        }
        calibrationLevels.append(input.map(Self.inputQuantization.quantize))
    }

    /// The range method of the graph outputs (the per-scale box and class
    /// logits), whatever the other activations get: their upper tails are the
    /// detections. A class logit above 0 is a score above 0.5; MSE, which
    /// trades rare large values for finer steps, clipped the class logits of
    /// strides 8 and 16 of the real model at 0, so every confident detection
    /// there scored exactly 0.5 (docs/quantization.md).
    public static let outputMethod = RangeMethod.minMax

    /// The score the class logits' top int8 level reaches at least (logit 4.6):
    /// a score above the top level saturates there, and the calibration
    /// images may show no object as confidently as a camera will (6 images at
    /// 320 topped out below 0.5 at stride 8). The cost is small: the logits
    /// span about 35 below 0.
    public static let classScoreCeiling: Float = 0.99

    /// The method that picks `tensor`'s range: `method`, or `outputMethod` for a graph output.
    func rangeMethod(of tensor: Int, _ method: RangeMethod) -> RangeMethod {
        floatGraph.outputs.contains(tensor) ? Self.outputMethod : method
    }

    /// Each calibrated activation's range by `rangeMethod(of:_:)`; class
    /// logits reach at least `classScoreCeiling`.
    func ranges(_ method: RangeMethod) -> [Int: QuantizationRange] {
        var ranges = statistics.ranges(method: method)
        let classLogits = Set(DetectHeadCut.classLogits(floatGraph))
        let ceiling = log(Self.classScoreCeiling / (1 - Self.classScoreCeiling))
        for output in floatGraph.outputs {
            guard let histogram = statistics.histograms[output] else { continue }
            let range = RangeSelection.range(histogram, method: rangeMethod(of: output, method))
            ranges[output] = classLogits.contains(output) ? QuantizationRange(low: range.low, high: max(range.high, ceiling)) : range
        }
        return ranges
    }

    /// The int8 graph for the calibration so far. `progress` gets (steps
    /// done, steps) of bias correction, when it is on.
    public func quantize(
        _ options: QuantizerOptions, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws(QuantizerError) -> QuantizedModel {
        guard statistics.runCount > 0 else { throw QuantizerError("no calibration input was recorded") }
        let emitter = Int8GraphEmitter(graph: floatGraph, ranges: ranges(options.method), perChannel: options.perChannel)
        let emitted = try emitter.emit()
        var graph = emitted.graph
        var outcome: BiasCorrectionOutcome?
        if options.biasCorrection {
            let means = Dictionary(uniqueKeysWithValues: statistics.convolutionMeans.map { (floatGraph.tensors[$0.key].name, $0.value) })
            let corrected = try BiasCorrection.corrected(graph, floatMeans: means, inputs: calibrationLevels, progress: progress)
            // Kept only where it brings the outputs closer to FP32 on calibration images.
            let check = Array(calibrationLevels.prefix(Self.correctionCheckCount))
            let decibels = try OutputSignalToNoise.meanDecibels(of: [graph, corrected], against: executor, inputs: check)
            let result = BiasCorrectionOutcome(
                imageCount: check.count, decibelsBefore: decibels[0], decibelsAfter: decibels[1])
            if result.isKept { graph = corrected }
            outcome = result
        }
        try IntegerOnlyCheck.verify(graph)
        let layers = emitted.ranges.keys.sorted().map { index in
            let range = emitted.ranges[index]!
            let (scale, zeroPoint) = range.asymmetricInt8
            return LayerQuantization(
                name: floatGraph.tensors[index].name, low: range.low, high: range.high, scale: scale, zeroPoint: zeroPoint,
                method: floatGraph.inputs.contains(index) ? nil : rangeMethod(of: index, options.method))
        }
        return QuantizedModel(graph: graph, layers: layers, biasCorrection: outcome)
    }

    /// Float outputs of every tensor for one input, by tensor name (for SQNR reports).
    func floatTensors(_ input: [Float], named names: Set<String>) throws(QuantizerError) -> [String: [Float]] {
        var values: [String: [Float]] = [:]
        do {
            _ = try executor.run(input) { tensor, computed in
                let name = floatGraph.tensors[tensor].name
                if names.contains(name) { values[name] = computed }
            }
        } catch {
            throw QuantizerError("float run failed: \(error)")
        }
        return values
    }
}

public struct QuantizerOptions: Sendable, Equatable {
    /// The default, chosen by measurement (docs/quantization.md).
    public static let defaultMethod = RangeMethod.mse
    /// On by default: it raised the head outputs' SQNR on the calibration
    /// images and then val mAP (docs/quantization.md).
    public static let defaultBiasCorrection = true

    public var method: RangeMethod
    /// Weights get one scale per output channel (else one per tensor).
    public var perChannel: Bool
    /// Sequential bias correction on the calibration inputs (`BiasCorrection`).
    public var biasCorrection: Bool

    public init(method: RangeMethod = defaultMethod, perChannel: Bool = true, biasCorrection: Bool = defaultBiasCorrection) {
        self.method = method
        self.perChannel = perChannel
        self.biasCorrection = biasCorrection
    }
}

/// The result of quantization: the graph to write, and what each activation got.
public struct QuantizedModel: Sendable {
    public var graph: Graph
    /// In float graph order.
    public var layers: [LayerQuantization]
    /// What bias correction did, when it was asked for.
    public var biasCorrection: BiasCorrectionOutcome?
}

/// The outputs' mean SQNR against FP32 on calibration images without and
/// with bias correction; the corrected graph is kept only if it is higher.
public struct BiasCorrectionOutcome: Sendable, Equatable {
    public var imageCount: Int
    public var decibelsBefore: Double
    public var decibelsAfter: Double
    public var isKept: Bool { decibelsAfter > decibelsBefore }
}

/// One activation's calibrated range and int8 parameters.
public struct LayerQuantization: Sendable, Equatable {
    public var name: String
    public var low: Float
    public var high: Float
    public var scale: Float
    public var zeroPoint: Int32
    /// The method that picked the range; nil for the graph input, whose range is fixed.
    public var method: RangeMethod?
}
