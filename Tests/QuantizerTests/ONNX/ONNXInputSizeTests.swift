import Testing

@testable import Infer
@testable import Quantizer

/// The dynamic export converts at every multiple of 32; other sizes fail at
/// the first concat whose branches disagree, naming it.
@Suite struct ONNXInputSizeTests {
    @Test(arguments: [(320, 320), (416, 416), (480, 640), (640, 640)])
    func dynamicModelAtSize(height: Int, width: Int) throws {
        try ONNXReferenceData.require()
        let model = try ONNXModel(contentsOf: ONNXReferenceData.dynamicModel)
        let graph = try ONNXConverter.convert(model, inputHeight: height, inputWidth: width).graph
        let anchors = [8, 16, 32].map { (height / $0) * (width / $0) }.reduce(0, +)
        #expect(graph.tensors[graph.inputs[0]].shape == [1, height, width, 3])
        #expect(graph.outputs.map { graph.tensors[$0].shape } == [[1, 84, anchors]])
        #expect(try FloatExecutor(graph: graph).graph.nodes.count == graph.nodes.count)
    }

    @Test func sizeThatIsNotAMultipleOf32NamesTheFailingNode() throws {
        try ONNXReferenceData.require()
        let model = try ONNXModel(contentsOf: ONNXReferenceData.dynamicModel)
        #expect {
            try ONNXConverter.convert(model, inputHeight: 330, inputWidth: 330)
        } throws: { error in
            "\(error)".hasPrefix("node '/model.") && "\(error)".contains("(Concat)")
        }
    }
}
