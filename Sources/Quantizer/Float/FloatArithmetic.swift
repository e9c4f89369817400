import Glibc
import Infer
import QuantizerKernels

enum FloatArithmetic {
    static func logistic(_ values: [Float]) -> [Float] {
        [Float](unsafeUninitializedCapacity: values.count) { output, initialized in
            values.withUnsafeBufferPointer { f32_logistic($0.baseAddress, output.baseAddress, values.count) }
            initialized = values.count
        }
    }
}

/// ADD, SUB, MUL with NumPy broadcasting.
struct FloatBinary: Sendable {
    private let op: f32_binary_op
    private let count: Int
    /// Source index per output element; nil where the operand already has the output's shape.
    private let leftMap: IndexMap?
    private let rightMap: IndexMap?

    init(op: Operator, left: [Int], right: [Int], output: [Int]) {
        self.op = switch op {
        case .add: F32_ADD
        case .sub: F32_SUB
        default: F32_MUL
        }
        count = output.reduce(1, *)
        leftMap = left == output ? nil : IndexMap(Broadcasting.sourceIndices(of: left, broadcastTo: output))
        rightMap = right == output ? nil : IndexMap(Broadcasting.sourceIndices(of: right, broadcastTo: output))
    }

    /// nil when an operand's size does not fit the planned shapes.
    func run(_ left: [Float], _ right: [Float]) -> [Float]? {
        guard Self.fits(left, leftMap, count), Self.fits(right, rightMap, count) else { return nil }
        return [Float](unsafeUninitializedCapacity: count) { output, initialized in
            left.withUnsafeBufferPointer { a in
                right.withUnsafeBufferPointer { b in
                    Self.withIndices(leftMap) { aIndex in
                        Self.withIndices(rightMap) { bIndex in
                            f32_binary(op, a.baseAddress, aIndex, b.baseAddress, bIndex, output.baseAddress, count)
                        }
                    }
                }
            }
            initialized = count
        }
    }

    private static func fits(_ operand: [Float], _ map: IndexMap?, _ count: Int) -> Bool {
        map.map { operand.count >= $0.extent } ?? (operand.count == count)
    }

    private static func withIndices<R>(_ map: IndexMap?, _ body: (UnsafePointer<Int>?) -> R) -> R {
        guard let map else { return body(nil) }
        return map.indices.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}

/// SOFTMAX over the last axis: exp(beta * (x - max)) / sum.
enum FloatSoftmax {
    static func run(_ values: [Float], axisSize: Int, beta: Float) -> [Float] {
        var output = [Float](repeating: 0, count: values.count)
        guard axisSize > 0 else { return output }
        for start in stride(from: 0, to: values.count - axisSize + 1, by: axisSize) {
            let row = values[start..<(start + axisSize)]
            let maximum = row.max() ?? 0
            var sum: Float = 0
            for index in row.indices {
                let value = exp(beta * (values[index] - maximum))
                output[index] = value
                sum += value
            }
            for index in row.indices { output[index] /= sum }
        }
        return output
    }
}
