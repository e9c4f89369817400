import Foundation

enum FloatArithmetic {
    static func logistic(_ values: [Float]) -> [Float] {
        values.map { 1 / (1 + exp(-$0)) }
    }
}

/// ADD, SUB, MUL with NumPy broadcasting.
struct FloatBinary: Sendable {
    private let op: Operator
    /// Source indices per output element; nil where the operand already has the output's shape.
    private let leftIndices: [Int]?
    private let rightIndices: [Int]?

    init(op: Operator, left: [Int], right: [Int], output: [Int]) {
        self.op = op
        leftIndices = left == output ? nil : Broadcasting.sourceIndices(of: left, broadcastTo: output)
        rightIndices = right == output ? nil : Broadcasting.sourceIndices(of: right, broadcastTo: output)
    }

    func run(_ left: [Float], _ right: [Float]) -> [Float] {
        let a = leftIndices.map { $0.map { left[$0] } } ?? left
        let b = rightIndices.map { $0.map { right[$0] } } ?? right
        switch op {
        case .add: return zip(a, b).map(+)
        case .sub: return zip(a, b).map(-)
        default: return zip(a, b).map(*)
        }
    }
}

/// SOFTMAX over the last axis: exp(beta * (x - max)) / sum.
enum FloatSoftmax {
    static func run(_ values: [Float], axisSize: Int, beta: Float) -> [Float] {
        var output = [Float](repeating: 0, count: values.count)
        guard axisSize > 0 else { return output }
        for start in stride(from: 0, to: values.count, by: axisSize) {
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
