import Foundation
import TestSupport
import Testing

@testable import Quantizer

/// YOLO11's C2PSA attention (MatMul of two run-time tensors, Softmax, Transpose,
/// a scale) and its depthwise convolutions, in a small model that
/// `tools/onnx/attention_model.py` writes, against ONNX Runtime.
@Suite(.serialized)
struct ONNXAttentionParityTests {
    static let generator = ONNXReferenceData.repositoryRoot.appendingPathComponent("tools/onnx/attention_model.py")

    @Test("attention and depthwise convolutions match ONNX Runtime on two val images")
    func attentionModel() throws {
        let python = ONNXReferenceData.python, images = ONNXReferenceData.validationImages.path
        let missing = [python, images].filter { !FileManager.default.fileExists(atPath: $0) }
        try Prerequisite.require(
            missing.isEmpty, "not found: \(missing.joined(separator: ", ")) (tools/venv.sh makes the venv; ../shared has the images)")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = directory.file("attention.onnx")
        try ONNXReferenceData.runPython([Self.generator.path, model.path])
        try ONNXFloatParityTests.compare(
            model: model, height: 32, width: 32, images: 2,
            intermediates: [
                "scores_output", "attention_output", "mixed_output", "position_output", "summed_output",
                "head_dw_silu",
            ])
    }

    @Test("a grouped convolution that is not depthwise is refused by name")
    func groupedConvolutionIsRefused() throws {
        let python = ONNXReferenceData.python
        try Prerequisite.require(FileManager.default.fileExists(atPath: python), "not found: \(python) (tools/venv.sh makes it)")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = directory.file("grouped.onnx")
        try ONNXReferenceData.runPython([Self.generator.path, model.path, "--grouped"])
        let error = try #require(throws: ONNXError.self) {
            try ONNXConverter.convert(try ONNXModel(contentsOf: model))
        }
        #expect("\(error)".contains("node 'position'"))
        #expect("\(error)".contains("grouped convolution of 8 groups is not supported"))
    }
}
