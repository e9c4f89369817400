import Foundation
import Testing

@testable import Infer
@testable import Quantizer

@Suite struct CalibrationStatisticsTests {
    @Test("histograms of every activation over two calibration images")
    func collectsEveryActivation() throws {
        try ONNXReferenceData.require()
        // Calibration images only: the val images are for evaluation.
        let images = try FileManager.default.contentsOfDirectory(atPath: ONNXReferenceData.calibrationImages.path)
            .filter { $0.hasSuffix(".jpg") }.sorted().prefix(2)
            .map { ONNXReferenceData.calibrationImages.appendingPathComponent($0) }
        // 320x320 keeps the run short; the script letterboxes exactly as for the parity tests.
        let runs = try ONNXReferenceData.ortReference(
            model: ONNXReferenceData.dynamicModel, height: 320, width: 320, tensors: [], images: images)
        let conversion = try ONNXConverter.convert(
            try ONNXModel(contentsOf: ONNXReferenceData.dynamicModel), inputHeight: 320, inputWidth: 320)
        let executor = try FloatExecutor(graph: conversion.graph)
        var statistics = CalibrationStatistics()
        var outputs: [[Float]] = []
        for run in runs {
            let input = TensorIndexing.transpose(run.input, shape: run.inputShape, permutation: [0, 2, 3, 1])
            try statistics.record(input, with: executor)
            outputs.append(try executor.run(input)[0])
        }
        let graph = conversion.graph
        let activations = Set(graph.nodes.flatMap(\.outputs)).union(graph.inputs)
        #expect(Set(statistics.histograms.keys) == activations)
        #expect(statistics.runCount == 2)
        for (tensor, histogram) in statistics.histograms {
            #expect(histogram.total == UInt64(2 * graph.tensors[tensor].elementCount), "\(graph.tensors[tensor].name)")
        }
        let output = try #require(statistics.histograms[graph.outputs[0]])
        #expect(output.minimum == outputs.joined().min() && output.maximum == outputs.joined().max())
        // Input pixels are 0...1 (with grey 114/255 padding).
        let input = try #require(statistics.histograms[graph.inputs[0]])
        #expect(input.minimum >= 0 && input.maximum <= 1)

        // Every method gives a range inside the observed one, containing zero.
        for method in [RangeMethod.minMax, .percentile(99.99), .mse, .entropy] {
            for (tensor, range) in statistics.ranges(method: method) {
                let histogram = statistics.histograms[tensor]!
                #expect(range.low <= 0 && range.high >= 0)
                #expect(range.low >= min(histogram.minimum, 0) && range.high <= max(histogram.maximum, 0), "\(method)")
            }
        }
    }
}
