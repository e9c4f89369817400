import Foundation
@testable import Infer

/// Builds small one-node graphs for kernel tests.
struct TestGraph {
    private(set) var tensors: [Tensor] = []

    /// An int8 activation (or constant when `values` is given).
    @discardableResult
    mutating func int8(_ shape: [Int], scale: Float, zeroPoint: Int32, values: [Int8]? = nil) -> Int {
        add(Tensor(
            name: "t\(tensors.count)", type: .int8, shape: shape,
            quantization: Quantization(scale: scale, zeroPoint: zeroPoint),
            data: values.map { $0.map { UInt8(bitPattern: $0) } }))
    }

    mutating func int32Constant(_ values: [Int32], shape: [Int]? = nil) -> Int {
        let bytes = values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: UInt32(bitPattern: value) >> (8 * $0)) } }
        return add(Tensor(name: "t\(tensors.count)", type: .int32, shape: shape ?? [values.count], data: bytes))
    }

    mutating func add(_ tensor: Tensor) -> Int {
        tensors.append(tensor)
        return tensors.count - 1
    }

    func graph(_ op: Operator, inputs: [Int], output: Int) -> Graph {
        Graph(tensors: tensors, nodes: [Node(op: op, inputs: inputs, outputs: [output])], inputs: [], outputs: [])
    }

    /// Prepares the node and runs it; `activations` feed the non-constant inputs in order.
    func run(_ op: Operator, inputs: [Int], output: Int, activations: [[Int8]], epilogue: [Int8]? = nil) throws -> [Int8] {
        let graph = graph(op, inputs: inputs, output: output)
        let kernel = try KernelFactory.makeKernel(nodeIndex: 0, graph: graph, epilogue: epilogue)
        var remaining = activations[...]
        let bytes: [[UInt8]?] = inputs.map { index in
            guard index >= 0 else { return nil }
            if let data = tensors[index].data { return data }
            return remaining.popFirst()!.map { UInt8(bitPattern: $0) }
        }
        return execute(kernel, inputs: bytes, outputByteCount: tensors[output].byteCount).map { Int8(bitPattern: $0) }
    }
}

/// Deterministic pseudo-random int8 values (a fixed LCG, so failures reproduce).
func pseudoRandomInt8(_ count: Int, seed: UInt64) -> [Int8] {
    var state = seed &* 6364136223846793005 &+ 1442695040888963407
    return (0..<count).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int8(truncatingIfNeeded: state >> 33)
    }
}

/// TFLite's double-rounding rescale written independently of the C code:
/// round-half-up-ish high multiply, then a round-half-away-from-zero shift.
func referenceRescale(_ value: Int64, _ multiplier: QuantizedMultiplier) -> Int64 {
    let leftShift = max(0, Int(multiplier.shift)), rightShift = max(0, -Int(multiplier.shift))
    let shifted = Int64(Int32(truncatingIfNeeded: value << leftShift))
    let product = shifted * Int64(multiplier.multiplier)
    let nudged = product >= 0 ? product + (1 << 30) : product + 1 - (1 << 30)
    let high = nudged / (1 << 31)  // truncates toward zero, as C++
    return Int64((Double(high) / Double(1 << rightShift)).rounded(.toNearestOrAwayFromZero))
}

func clampInt8(_ value: Int64) -> Int8 {
    Int8(max(-128, min(127, value)))
}
