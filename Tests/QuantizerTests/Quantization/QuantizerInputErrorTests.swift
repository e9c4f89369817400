import Foundation
import Testing

@testable import Infer
@testable import Quantizer

/// Bad ONNX input to the quantizer fails with an error that names the culprit.
@Suite struct QuantizerInputErrorTests {
    @Test func unknownOperatorNamesTheNode() throws {
        let model = try ONNXModel(bytes: ONNXReaderTests.convModel(op: "LeakyRelu"))
        #expect { try ModelQuantizer(onnx: model, inputSize: 4) } throws: { error in
            "\(error)".contains("node 'act'") && "\(error)".contains("LeakyRelu")
        }
    }

    @Test func modelWithoutDetectHeadIsRefused() throws {
        let model = try ONNXModel(bytes: ONNXReaderTests.convModel())
        #expect { try ModelQuantizer(onnx: model, inputSize: 4) } throws: { error in
            "\(error)".contains("no YOLOv8 detect head")
        }
    }

    @Test func truncatedFileNamesTheDamage() throws {
        let bytes = ONNXReaderTests.convModel()
        #expect { try ONNXModel(bytes: Array(bytes.prefix(bytes.count - 7))) } throws: { error in
            guard case .malformed(let context, _)? = error as? ONNXError else { return false }
            return !context.isEmpty
        }
    }

    @Test func quantizingWithoutCalibrationIsAnError() throws {
        let quantizer = try ModelQuantizer(floatGraph: SyntheticDetector.graph(size: 8))
        #expect(throws: QuantizerError("no calibration input was recorded")) { try quantizer.quantize(QuantizerOptions()) }
    }
}
