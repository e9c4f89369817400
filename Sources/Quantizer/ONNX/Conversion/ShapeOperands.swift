import Infer

/// The target shape of a Reshape: `0` copies the input dimension (unless
/// `allowzero`), one `-1` takes what is left.
enum ReshapeTarget {
    static func resolve(
        _ requested: [Int64], input: [Int], allowZero: Bool, operands: NodeOperands
    ) throws(ONNXError) -> [Int] {
        let total = input.reduce(1, *)
        var shape: [Int] = []
        var inferred: Int?
        for (axis, value) in requested.enumerated() {
            switch value {
            case -1:
                guard inferred == nil else { throw operands.error("shape \(requested) has more than one -1") }
                inferred = axis
                shape.append(1)
            case 0 where !allowZero:
                guard axis < input.count else { throw operands.error("shape \(requested) copies a missing dimension") }
                shape.append(input[axis])
            case 0...Int64(Int32.max):
                shape.append(Int(value))
            default:
                throw operands.error("shape \(requested) has an invalid dimension \(value)")
            }
        }
        let known = shape.reduce(1, *)
        if let inferred {
            guard known > 0, total % known == 0 else { throw operands.error("cannot reshape \(input) to \(requested)") }
            shape[inferred] = total / known
        }
        guard shape.reduce(1, *) == total else { throw operands.error("cannot reshape \(input) to \(requested)") }
        return shape
    }
}

/// A Slice node's bounds, resolved per axis of the input (positive steps only).
struct SliceWindow {
    var begin: [Int]
    var end: [Int]
    var steps: [Int]

    init(_ operands: NodeOperands, shape: [Int]) throws(ONNXError) {
        guard let starts = try operands.integers(1, name: "starts"), let ends = try operands.integers(2, name: "ends") else {
            throw operands.error("needs constant starts and ends (opset 10 or later)")
        }
        let axes = try operands.integers(3, name: "axes") ?? (0..<Int64(starts.count)).map { $0 }
        let stepValues = try operands.integers(4, name: "steps") ?? [Int64](repeating: 1, count: starts.count)
        guard ends.count == starts.count, axes.count == starts.count, stepValues.count == starts.count else {
            throw operands.error("starts, ends, axes and steps differ in length")
        }
        begin = [Int](repeating: 0, count: shape.count)
        end = shape
        steps = [Int](repeating: 1, count: shape.count)
        for index in starts.indices {
            let axis = try operands.normalizedAxis(Int(clamping: axes[index]), rank: shape.count)
            let size = Int64(shape[axis])
            guard stepValues[index] > 0 else { throw operands.error("only positive slice steps are supported") }
            // ONNX clamps out-of-range bounds (INT64_MAX means "to the end").
            func clamp(_ value: Int64) -> Int { Int(min(max(value < 0 ? value + size : value, 0), size)) }
            begin[axis] = clamp(starts[index])
            end[axis] = max(clamp(ends[index]), begin[axis])
            steps[axis] = Int(clamping: stepValues[index])
        }
    }
}
