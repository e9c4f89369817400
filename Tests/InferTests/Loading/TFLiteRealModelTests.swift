import Foundation
import TestSupport
import Testing

@testable import Infer

struct TFLiteRealModelTests {
    private func load(_ model: URL) throws -> Graph {
        try ReferenceData.require()
        return try ModelLoader.load(path: model.path)
    }

    private func opCounts(_ graph: Graph) -> [String: Int] {
        graph.nodes.reduce(into: [:]) { $0[$1.op.name, default: 0] += 1 }
    }

    @Test func fullIntegerModelLoadsWithTheDocumentedOps() throws {
        let graph = try load(ReferenceData.fullIntegerModel)
        #expect(graph.nodes.count == 255)
        // The op census of ../shared/README.md.
        #expect(
            opCounts(graph) == [
                "CONV_2D": 64, "LOGISTIC": 58, "MUL": 59, "STRIDED_SLICE": 20, "CONCATENATION": 18,
                "ADD": 8, "PAD": 7, "RESHAPE": 6, "TRANSPOSE": 5, "MAX_POOL_2D": 3,
                "RESIZE_NEAREST_NEIGHBOR": 2, "QUANTIZE": 2, "SUB": 2, "SOFTMAX": 1,
            ])
        let input = graph.tensors[try #require(graph.inputs.first)]
        #expect(graph.inputs.count == 1)
        #expect(input.shape == [1, 640, 640, 3])
        #expect(input.type == .int8)
        let quantization = try #require(input.quantization)
        #expect(abs(quantization.scale - 0.018658448) < 1e-8)
        #expect(quantization.zeroPoint == -14)
        let output = graph.tensors[try #require(graph.outputs.first)]
        #expect(output.shape == [1, 84, 8400])
        #expect(output.type == .int8)
        #expect(graph.metadata.classNames.count == 80)
        #expect(graph.metadata.classNames.first == "person")
        #expect(graph.metadata.classNames.last == "toothbrush")
        #expect(graph.metadata.description == "Ultralytics YOLOv8n model trained on coco.yaml")
    }

    @Test func optionsMatchTheYOLOv8nArchitecture() throws {
        let graph = try load(ReferenceData.fullIntegerModel)
        var stride2Convs = 0
        for node in graph.nodes {
            switch node.op {
            case .conv2D(let options):
                #expect(options.dilationH == 1 && options.dilationW == 1)
                #expect(options.strideH == options.strideW)
                if options.strideH == 2 {
                    stride2Convs += 1
                    // Downsampling convs follow an explicit PAD.
                    #expect(options.padding == .valid)
                }
                let filter = graph.tensors[node.inputs[1]]
                #expect(filter.isConstant && filter.type == .int8 && filter.shape.count == 4)
                let bias = graph.tensors[node.inputs[2]]
                #expect(bias.isConstant && bias.type == .int32 && bias.shape == [filter.shape[0]])
            case .maxPool2D(let options):
                // SPPF: 5x5, stride 1, SAME.
                #expect(options.filterH == 5 && options.filterW == 5 && options.strideH == 1)
                #expect(options.padding == .same)
            case .concatenation(let axis, _):
                #expect(axis >= 0 && axis < graph.tensors[node.outputs[0]].shape.count)
            case .softmax(let beta):
                #expect(beta == 1)
            default:
                break
            }
        }
        // Backbone P1...P5 and the two PAN downsamplings.
        #expect(stride2Convs == 7)
        #expect(graph.tensors.allSatisfy { $0.quantization?.isPerChannel != true })
    }

    @Test func floatInterfaceModelHasQuantizeAndDequantizeAtTheEdges() throws {
        let graph = try load(ReferenceData.floatInterfaceModel)
        #expect(graph.nodes.count == 255 + 2)
        let input = graph.tensors[graph.inputs[0]]
        let output = graph.tensors[graph.outputs[0]]
        #expect(input.type == .float32 && input.shape == [1, 640, 640, 3])
        #expect(output.type == .float32 && output.shape == [1, 84, 8400])
        #expect(graph.nodes.first?.op == .quantize)
        #expect(graph.nodes.first?.inputs == [graph.inputs[0]])
        #expect(graph.nodes.last?.op == .dequantize)
        #expect(graph.nodes.last?.outputs == [graph.outputs[0]])
        #expect(graph.metadata.classNames.count == 80)
    }
}
