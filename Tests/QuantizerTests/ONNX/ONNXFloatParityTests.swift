import Foundation
import Testing

@testable import Infer
@testable import Quantizer

/// The converted IR, run by `FloatExecutor`, against ONNX Runtime on the same
/// input tensors from real images.
@Suite(.serialized)
struct ONNXFloatParityTests {
    /// Intermediate values compared besides the output: the first conv, a
    /// C2f split, the SPPF max pool, an upsample, the class scores and the DFL
    /// softmax (after the head's reshapes and transpose).
    static let intermediates = [
        "/model.0/conv/Conv_output_0",
        "/model.2/Split_output_1",
        "/model.9/m/MaxPool_output_0",
        "/model.10/Resize_output_0",
        "/model.22/Sigmoid_output_0",
        "/model.22/dfl/Softmax_output_0",
    ]

    @Test("static 640x640 export matches ONNX Runtime on two val images")
    func staticModel() throws {
        try ONNXReferenceData.require()
        // Plus the decoded boxes in pixels (anchors and strides are constants here).
        try Self.compare(model: ONNXReferenceData.staticModel, height: 640, width: 640, images: 2,
                    intermediates: Self.intermediates + ["/model.22/Mul_2_output_0"])
    }

    @Test("dynamic export at 480x640 matches ONNX Runtime")
    func dynamicModel() throws {
        try ONNXReferenceData.require()
        // Plus the decoded boxes, whose anchors and strides are folded from shape arithmetic here.
        try Self.compare(model: ONNXReferenceData.dynamicModel, height: 480, width: 640, images: 1,
                    intermediates: Self.intermediates + ["/model.22/Mul_5_output_0"])
    }

    /// Converts the model, runs it on `count` validation images and compares its output
    /// `output0` and the named intermediate tensors with ONNX Runtime's.
    static func compare(model url: URL, height: Int, width: Int, images count: Int, intermediates: [String]) throws {
        let model = try ONNXModel(contentsOf: url)
        let conversion = try ONNXConverter.convert(model, inputHeight: height, inputWidth: width)
        let executor = try FloatExecutor(graph: conversion.graph)
        let images = try ONNXReferenceData.validationImageURLs(count: count)
        let runs = try ONNXReferenceData.ortReference(
            model: url, height: height, width: width, tensors: intermediates, images: images)

        for (image, run) in zip(images, runs) {
            // The script's input is NCHW; the IR's is NHWC.
            let input = TensorIndexing.transpose(run.input, shape: run.inputShape, permutation: [0, 2, 3, 1])
            var observed: [Int: [Float]] = [:]
            let watched = Set(intermediates.compactMap { conversion.bindings[$0]?.tensor })
            let outputs = try executor.run(input) { tensor, values in
                if watched.contains(tensor) { observed[tensor] = values }
            }
            let output = try #require(run.tensors["output0"])
            #expect(output.shape == conversion.graph.outputs.map { conversion.graph.tensors[$0].shape }[0])
            let outputError = Self.maxAbsDifference(outputs[0], output.values)
            #expect(outputError < Self.tolerance(output.values), "\(image.lastPathComponent) output0")
            print("\(url.lastPathComponent) \(image.lastPathComponent) output0 max |Δ| = \(outputError)")

            for name in intermediates {
                let binding = try #require(conversion.bindings[name], "no IR tensor for \(name)")
                let reference = try #require(run.tensors[name])
                #expect(binding.shape == reference.shape, "\(name)")
                let irShape = binding.layout.map { binding.shape[$0] }
                let values = try #require(observed[binding.tensor], "\(name) was not computed")
                // Back to ONNX axis order: IR axis i is ONNX axis layout[i].
                let onnxOrder = TensorIndexing.transpose(
                    values, shape: irShape, permutation: Layout.inverse(binding.layout))
                let error = Self.maxAbsDifference(onnxOrder, reference.values)
                #expect(error < Self.tolerance(reference.values), "\(image.lastPathComponent) \(name): max |Δ| \(error)")
                print("\(url.lastPathComponent) \(image.lastPathComponent) \(name) max |Δ| = \(error)")
            }
        }
    }

    static func maxAbsDifference(_ a: [Float], _ b: [Float]) -> Float {
        guard a.count == b.count else { return .infinity }
        return zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }

    /// Float32 sums in a different order differ by a few ulps of the largest
    /// partial sums; 60+ layers compound that. 1e-4 of the tensor's largest
    /// magnitude is ~800 ulps of headroom, yet a single wrong weight, tap or
    /// axis gives errors of order 1e-2 to 1 of it.
    static func tolerance(_ reference: [Float]) -> Float {
        1e-4 * max(reference.map(abs).max() ?? 0, 1)
    }
}
