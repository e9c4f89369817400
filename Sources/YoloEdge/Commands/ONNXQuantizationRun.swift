import Capture
import Daemon
import FoundationEssentials
import Infer
import Quantizer

/// `convert MODEL.onnx --calib DIR`: calibrate, quantize, report.
struct ONNXQuantizationRun {
    /// Images the `--report` SQNR is measured on (the first calibration images).
    static let reportImageCount = 4

    let options: QuantizationOptions
    let modelPath: String

    func run() throws -> Graph {
        let model = try ONNXModel(contentsOf: URL(fileURLWithPath: modelPath))
        var quantizer = try ModelQuantizer(onnx: model, inputSize: options.size)
        let images = try calibrationImages()
        var letterboxer = try Letterboxer(
            inputWidth: quantizer.inputWidth, inputHeight: quantizer.inputHeight,
            quantization: InputQuantizationTable(ModelQuantizer.inputQuantization))
        var progress = ProgressBar(label: "calibrating", total: images.count)
        for image in images {
            try quantizer.calibrate(try floatInput(image, &letterboxer))
            progress.advance()
        }
        let method = options.rangeMethod
        var correction: ProgressBar?
        let quantized = try quantizer.quantize(QuantizerOptions(
            method: method, perChannel: options.weightScales == .perChannel, biasCorrection: options.biasCorrection ?? QuantizerOptions.defaultBiasCorrection
        )) { done, total in
            if done == 0 { correction = ProgressBar(label: "correcting biases", total: total) } else { correction?.advance() }
        }
        if let outcome = quantized.biasCorrection {
            print("bias correction \(outcome.isKept ? "kept" : "dropped"): " + String(
                printf: "head outputs %.2f dB → %.2f dB SQNR against FP32 on %ld calibration images",
                outcome.decibelsBefore, outcome.decibelsAfter, outcome.imageCount))
        }
        if options.verbose { printLayers(quantized.layers) }
        if options.report {
            let inputs = try images.prefix(Self.reportImageCount).map { try floatInput($0, &letterboxer) }
            printReport(try QuantizationReport(quantizer: quantizer, model: quantized, inputs: inputs), images: inputs.count)
        }
        return quantized.graph
    }

    private func calibrationImages() throws -> [String] {
        let directory = options.calibrationDirectory!
        do {
            return Array(try JPEGDirectory.files(in: directory).prefix(options.calibrationCount ?? .max))
        } catch {
            throw CommandFailure(description: "--calib: \(error)")
        }
    }

    /// The letterboxed image as the float graph sees it: pixels / 255, NHWC.
    private func floatInput(_ path: String, _ letterboxer: inout Letterboxer) throws -> [Float] {
        let image: RGBImage
        do {
            image = try RGBImage(contentsOfJPEGFile: path)
        } catch {
            throw CommandFailure(description: "\(path): \(error)")
        }
        var levels = [Int8](repeating: 0, count: letterboxer.inputCount)
        _ = try letterboxer.letterbox(image, into: &levels)
        return levels.map(ModelQuantizer.inputQuantization.dequantize)
    }

    private func printLayers(_ layers: [LayerQuantization]) {
        let width = max(layers.map(\.name.count).max() ?? 0, 6)
        print("\("tensor".padded(to: width))  \("low".padded(to: 10))  \("high".padded(to: 10))  \("scale".padded(to: 12))  zero  method")
        for layer in layers {
            let columns = [
                layer.name.padded(to: width), format(layer.low).padded(to: 10), format(layer.high).padded(to: 10),
                String(printf: "%.6g", layer.scale).padded(to: 12), "\(layer.zeroPoint)".padded(to: 4), layer.method.map { "\($0)" } ?? "fixed",
            ]
            print(columns.joined(separator: "  "))
        }
    }

    private func printReport(_ report: QuantizationReport, images: Int) {
        print("SQNR, INT8 against FP32, over \(images) calibration images (dB):")
        let width = max(report.entries.map(\.name.count).max() ?? 0, 6)
        for entry in report.entries {
            let value = entry.decibels.map { $0.isFinite ? String(printf: "%.1f", $0) : "exact" } ?? "n/a (all zero)"
            print("\(entry.name.padded(to: width))  \(value)")
        }
    }

    private func format(_ value: Float) -> String { String(printf: "%.4g", value) }
}

/// A one-line progress bar on stderr, redrawn in place.
struct ProgressBar {
    let label: String
    let total: Int
    private var done = 0

    init(label: String, total: Int) {
        self.label = label
        self.total = total
        draw()
    }

    mutating func advance() {
        done += 1
        draw()
        if done == total { StandardError.write("\n") }
    }

    private func draw() {
        let width = 30
        let filled = total == 0 ? width : done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        StandardError.write("\r\(label) [\(bar)] \(done)/\(total)")
    }
}
