import Foundation
import TestSupport
import Testing
@testable import Infer

/// Every operator of the real model with the exact input/output bytes LiteRT's
/// reference kernels produced, dumped by tools/golden/dump_op_tensors.py.
struct LiteRTOpDump {
    struct Op: Decodable {
        var index: Int
        var op: String
        var options: Options
        var inputs: [Int]
        var outputs: [Int]
    }

    struct Options: Decodable {
        var padding: String?
        var strideH, strideW, dilationH, dilationW, filterH, filterW: Int?
        var activation: String?
        var axis: Int?
        var beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask: Int32?
        var offset, alignCorners, halfPixelCenters: Bool?
        var beta: Float?
    }

    struct TensorInfo: Decodable {
        var name: String
        var type: String
        var shape: [Int]
        var scales: [Float]
        var zeroPoints: [Int32]
        var axis: Int
        var file: String
        var isConstant: Bool
    }

    struct File: Decodable {
        var ops: [Op]
        var tensors: [String: TensorInfo]
    }

    let directory: URL
    let file: File

    /// Dumps of each model, made once per test process into a fixed temporary
    /// directory (overwritten each time, so runs do not accumulate data).
    /// Tests call `ReferenceData.require(python: true)` before using them.
    static let fullInteger = Result { () throws(DumpError) in try make(model: ReferenceData.fullIntegerModel) }
    static let floatInterface = Result { () throws(DumpError) in try make(model: ReferenceData.floatInterfaceModel) }

    struct DumpError: Error, CustomStringConvertible {
        var description: String
    }

    private static func make(model: URL) throws(DumpError) -> LiteRTOpDump {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("yolo-edge-litert-ops").appendingPathComponent(model.deletingPathExtension().lastPathComponent)
        do {
            _ = try ReferenceData.runScript("tools/golden/dump_op_tensors.py", [model.path, directory.path])
            let data = try Data(contentsOf: directory.appendingPathComponent("ops.json"))
            return LiteRTOpDump(directory: directory, file: try JSONDecoder().decode(File.self, from: data))
        } catch {
            throw DumpError(description: "cannot dump \(model.lastPathComponent): \(error)")
        }
    }

    func bytes(ofTensor index: Int) throws -> [UInt8] {
        let info = try #require(file.tensors[String(index)])
        return [UInt8](try Data(contentsOf: directory.appendingPathComponent(info.file)))
    }

    /// A one-node graph of `op`: its tensors in input-then-output order, constants filled.
    func graph(of op: Op) throws -> Graph {
        var tensors: [Tensor] = []
        var local: [Int: Int] = [:]
        for index in op.inputs + op.outputs where index >= 0 && local[index] == nil {
            let info = try #require(file.tensors[String(index)])
            let type = try #require(ElementType(rawValue: info.type))
            let quantization = info.scales.isEmpty
                ? nil : Quantization(scales: info.scales, zeroPoints: info.zeroPoints, axis: info.axis)
            local[index] = tensors.count
            tensors.append(Tensor(
                name: info.name, type: type, shape: info.shape, quantization: quantization,
                data: info.isConstant ? try bytes(ofTensor: index) : nil))
        }
        let node = Node(
            op: try op.irOperator(), inputs: op.inputs.map { $0 < 0 ? -1 : local[$0]! },
            outputs: op.outputs.map { local[$0]! })
        return Graph(tensors: tensors, nodes: [node], inputs: [], outputs: [])
    }
}

extension LiteRTOpDump.Op {
    struct UnknownOp: Error { var name: String }

    func irOperator() throws -> Operator {
        let o = options
        let activation = FusedActivation(rawValue: o.activation ?? "none") ?? .none
        let padding = Padding(rawValue: o.padding ?? "valid") ?? .valid
        switch op {
        case "CONV_2D":
            return .conv2D(Conv2DOptions(
                padding: padding, strideH: o.strideH ?? 1, strideW: o.strideW ?? 1,
                dilationH: o.dilationH ?? 1, dilationW: o.dilationW ?? 1, activation: activation))
        case "MAX_POOL_2D":
            return .maxPool2D(Pool2DOptions(
                padding: padding, strideH: o.strideH ?? 1, strideW: o.strideW ?? 1,
                filterH: o.filterH ?? 1, filterW: o.filterW ?? 1, activation: activation))
        case "LOGISTIC": return .logistic
        case "MUL": return .mul(activation)
        case "ADD": return .add(activation)
        case "SUB": return .sub(activation)
        case "CONCATENATION": return .concatenation(axis: o.axis ?? 0, activation: activation)
        case "STRIDED_SLICE":
            return .stridedSlice(StridedSliceOptions(
                beginMask: o.beginMask ?? 0, endMask: o.endMask ?? 0, ellipsisMask: o.ellipsisMask ?? 0,
                newAxisMask: o.newAxisMask ?? 0, shrinkAxisMask: o.shrinkAxisMask ?? 0, offset: o.offset ?? false))
        case "PAD": return .pad
        case "RESHAPE": return .reshape
        case "TRANSPOSE": return .transpose
        case "RESIZE_NEAREST_NEIGHBOR":
            return .resizeNearestNeighbor(ResizeOptions(
                alignCorners: o.alignCorners ?? false, halfPixelCenters: o.halfPixelCenters ?? false))
        case "SOFTMAX": return .softmax(beta: o.beta ?? 1)
        case "QUANTIZE": return .quantize
        case "DEQUANTIZE": return .dequantize
        default: throw UnknownOp(name: op)
        }
    }
}
