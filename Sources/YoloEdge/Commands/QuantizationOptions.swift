import ArgumentParser
import Detect
import Infer
import Quantizer

/// `convert`'s options for quantizing an ONNX model.
struct QuantizationOptions: ParsableArguments {
    enum Method: String, ExpressibleByArgument, CaseIterable {
        case minmax, percentile, entropy, mse
    }

    @Option(name: .customLong("calib"), help: ArgumentHelp("Folder of calibration JPEG images (never the evaluation images).", valueName: "dir"))
    var calibrationDirectory: String?

    @Option(help: ArgumentHelp("Calibration range method (default: mse).", valueName: "method"))
    var method: Method?

    @Option(help: ArgumentHelp("Percent of values kept by --method percentile (default: 99.99).", valueName: "p"))
    var percentile: Double?

    @Option(help: ArgumentHelp(
        "Input size used for calibration (a multiple of 32; default: the model's own, 640 for a dynamic export).",
        valueName: "n"))
    var size: Int?

    @Option(name: .customLong("calib-count"), help: ArgumentHelp("Use only the first N calibration images (default: all).", valueName: "n"))
    var calibrationCount: Int?

    enum WeightScales: String, EnumerableFlag {
        case perChannel, perTensor

        static func help(for value: WeightScales) -> ArgumentHelp? {
            switch value {
            case .perChannel: "One weight scale per output channel."
            case .perTensor: "One weight scale per convolution filter."
            }
        }
    }

    @Flag var weightScales: WeightScales = .perChannel

    @Flag(
        inversion: .prefixedNo,
        help: "Correct each convolution's int32 bias, layer by layer, so that its mean output on the calibration images matches FP32 (default: on).")
    var biasCorrection: Bool?

    @Flag(help: "Print the SQNR of every tensor, INT8 against FP32, on the first 4 calibration images.")
    var report = false

    @Flag(help: "Print each activation's range, scale and zero point.")
    var verbose = false

    func validate(forONNX isONNX: Bool) throws {
        guard isONNX else {
            let given = [method != nil, percentile != nil, calibrationCount != nil, report, verbose, biasCorrection != nil, weightScales != .perChannel]
            guard !given.contains(true) else { throw ValidationError("quantization options apply only to an .onnx model with --calib") }
            return
        }
        guard calibrationDirectory != nil else {
            throw ValidationError("quantizing an ONNX model needs calibration images: --calib DIR")
        }
        if let size { try check("--size", DetectorSettingRules.size(size)) }
        if let percentile {
            guard percentile > 50, percentile <= 100 else { throw ValidationError("--percentile must be in (50, 100], got \(percentile)") }
            guard method == nil || method == .percentile else { throw ValidationError("--percentile needs --method percentile") }
        }
        if let calibrationCount, calibrationCount < 1 { throw ValidationError("--calib-count must be at least 1") }
    }

    var rangeMethod: RangeMethod {
        switch method {
        case nil where percentile == nil: QuantizerOptions.defaultMethod
        case .minmax: .minMax
        case .entropy: .entropy
        case .mse: .mse
        case .percentile, nil: .percentile(percentile ?? 99.99)
        }
    }
}
