import Capture
import Detect
import Testing

@testable import Infer
@testable import Quantizer

/// A converted model runs at the rectangle a frame fits, planned for it: the synthetic
/// detector (largest stride 2) quantized at 16x16.
struct RectangularInputTests {
    static func detectorGraph() throws -> Graph {
        try SyntheticDetector.quantizer(size: 16).quantize(QuantizerOptions()).graph
    }

    static let nms = NMSOptions(confidence: 0.25, iou: 0.7, maxDetections: 10)

    @Test func autoFitsTheFrameAtTheModelsLongSide() throws {
        let graph = try Self.detectorGraph()
        let detector = try YOLODetector(
            graph: graph, size: .fitting(FrameSize(width: 1280, height: 720)), threads: 1, nms: Self.nms)
        // 1280x720 scaled to 16 wide is 16x9; 9 rows rounded up to the stride, 10.
        #expect(detector.inputWidth == 16 && detector.inputHeight == 10)
        #expect(detector.largestStride == 2)
        let planned = try graph.detectionGraph(at: .fixed(FrameSize(width: 16, height: 10)))
        #expect(planned.tensors[planned.inputs[0]].shape == [1, 10, 16, 3])
        #expect(planned.outputs.map { planned.tensors[$0].shape[1...2] } == [[10, 16], [10, 16], [5, 8], [5, 8]])
    }

    @Test func aRectangleOffTheStrideIsRefused() throws {
        let graph = try Self.detectorGraph()
        #expect { try YOLODetector(graph: graph, size: .fixed(FrameSize(width: 16, height: 9)), threads: 1, nms: Self.nms) } throws: {
            "\($0)".contains("not a positive multiple of the model's largest stride, 2")
        }
    }

    @Test func eachImageShapeGetsItsOwnDetectorOnce() throws {
        let detectors = try ImageDetectors(graph: Self.detectorGraph(), size: nil, shaping: .perImage, threads: 1, nms: Self.nms)
        let wide = try detectors.detector(forWidth: 32, height: 24)
        let tall = try detectors.detector(forWidth: 24, height: 32)
        #expect((wide.inputWidth, wide.inputHeight) == (16, 12))
        #expect((tall.inputWidth, tall.inputHeight) == (12, 16))
        #expect(try detectors.detector(forWidth: 64, height: 48) === wide, "one detector per rectangle")
        #expect(try detectors.detector(forWidth: 16, height: 16) === detectors.first)

        let fixed = try ImageDetectors(graph: Self.detectorGraph(), size: nil, shaping: .fixed, threads: 1, nms: Self.nms)
        #expect(try fixed.detector(forWidth: 32, height: 24) === fixed.first)
    }
}
