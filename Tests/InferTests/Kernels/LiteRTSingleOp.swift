import Foundation
import TestSupport
@testable import Infer

/// Runs one-node graphs through LiteRT's BUILTIN_REF kernels via
/// tools/golden/run_single_op.py (one Python process for all of them).
enum LiteRTSingleOp {
    enum Outcome: Equatable {
        case output([Double])
        /// LiteRT refused the model (e.g. a case TFLite does not support).
        case rejected(String)
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    static func run(_ cases: [(graph: Graph, feeds: [[Double]])]) throws -> [Outcome] {
        let specs = cases.map { spec($0.graph, feeds: $0.feeds) }
        let request = try JSONSerialization.data(withJSONObject: specs)
        let reply = try ReferenceData.runScript("tools/golden/run_single_op.py", [], input: request).output
        guard let objects = try JSONSerialization.jsonObject(with: reply) as? [[String: Any]], objects.count == cases.count else {
            throw Failure(description: "unreadable reply: \(String(decoding: reply.prefix(500), as: UTF8.self))")
        }
        return objects.map { object in
            if let values = object["output"] as? [Double] { return .output(values) }
            return .rejected(object["error"] as? String ?? "no output")
        }
    }

    private static func spec(_ graph: Graph, feeds: [[Double]]) -> [String: Any] {
        let node = graph.nodes[0]
        let tensors: [[String: Any]] = graph.tensors.map { tensor in
            var entry: [String: Any] = ["type": tensor.type.rawValue, "shape": tensor.shape]
            if let q = tensor.quantization {
                entry["scales"] = q.scales.map(Double.init)
                entry["zeroPoints"] = q.zeroPoints
                entry["axis"] = q.axis
            }
            if let data = tensor.data { entry["data"] = decode(data, tensor.type) }
            return entry
        }
        return [
            "op": node.op.name, "options": options(node.op), "tensors": tensors,
            "inputs": node.inputs, "outputs": node.outputs, "feeds": feeds,
        ]
    }

    private static func decode(_ data: [UInt8], _ type: ElementType) -> [Double] {
        switch type {
        case .int8: return data.map { Double(Int8(bitPattern: $0)) }
        case .int32:
            return stride(from: 0, to: data.count, by: 4).map { (i: Int) -> Double in
                let low = UInt32(data[i]) | UInt32(data[i + 1]) << 8
                let high = UInt32(data[i + 2]) << 16 | UInt32(data[i + 3]) << 24
                return Double(Int32(bitPattern: low | high))
            }
        default: return []
        }
    }

    private static func options(_ op: Operator) -> [String: Any] {
        switch op {
        case .conv2D(let o), .depthwiseConv2D(let o):
            return ["padding": o.padding.rawValue, "strideH": o.strideH, "strideW": o.strideW,
                    "dilationH": o.dilationH, "dilationW": o.dilationW, "activation": o.activation.rawValue]
        case .maxPool2D(let o):
            return ["padding": o.padding.rawValue, "strideH": o.strideH, "strideW": o.strideW,
                    "filterH": o.filterH, "filterW": o.filterW, "activation": o.activation.rawValue]
        case .add(let a), .sub(let a), .mul(let a): return ["activation": a.rawValue]
        case .concatenation(let axis, let a): return ["axis": axis, "activation": a.rawValue]
        case .stridedSlice(let o):
            return ["beginMask": o.beginMask, "endMask": o.endMask, "ellipsisMask": o.ellipsisMask,
                    "newAxisMask": o.newAxisMask, "shrinkAxisMask": o.shrinkAxisMask, "offset": o.offset]
        case .resizeNearestNeighbor(let o): return ["alignCorners": o.alignCorners, "halfPixelCenters": o.halfPixelCenters]
        case .softmax(let beta): return ["beta": Double(beta)]
        case .batchMatMul(let adjointLeft, let adjointRight): return ["adjointLeft": adjointLeft, "adjointRight": adjointRight]
        default: return [:]
        }
    }
}
