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

    /// MatMul is lowered for two run-time tensors (YOLO11's attention) only.
    @Test func matMulWithAConstantOperandNamesTheNode() throws {
        let model = try ONNXModel(bytes: TestONNXModels.model(
            inputShape: [1, 2, 2, 2], initializers: [TestONNXModels.tensor("w", shape: [2, 2], values: [1, 2, 3, 4])],
            nodes: [TestONNXModels.NodeSpec(op: "MatMul", name: "project", inputs: ["x", "w"], outputs: ["y"])]))
        #expect(throws: QuantizerError("node 'project' (MatMul): input 1 must be computed at run time")) {
            try ModelQuantizer(onnx: model)
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
