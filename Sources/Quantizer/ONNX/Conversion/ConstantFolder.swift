import Infer

/// Evaluates nodes whose inputs are all known while converting: the shape
/// arithmetic of dynamic exports (Shape → Gather → Range → Expand → anchors)
/// and small constant expressions.
enum ConstantFolder {
    /// Ops evaluated here; `Shape` folds even on run-time tensors (their shapes are known).
    static let foldableOperators: Set<String> = [
        "Constant", "Shape", "Gather", "Unsqueeze", "Squeeze", "Concat", "Cast", "Range", "Expand",
        "ConstantOfShape", "Reshape", "Transpose", "Add", "Sub", "Mul", "Div", "Slice", "Identity",
    ]

    /// Keeps folded tensors small: anchors are a few thousand elements; a
    /// hostile Range or Expand must not exhaust memory.
    static let maximumElementCount = 1 << 24

    /// The node's outputs, or nil when it must run at run time.
    static func fold(_ node: ONNXNode, inputs: [ConvertedValue?], opsetVersion: Int64) throws(ONNXError) -> [ConstantTensor]? {
        guard foldableOperators.contains(node.opType) else { return nil }
        let operands = NodeOperands(node: node, inputs: inputs)
        if node.opType == "Constant" { return [try constantValue(operands)] }
        if node.opType == "Shape" { return [try shape(operands)] }
        var constants: [ConstantTensor?] = []
        for input in inputs {
            switch input {
            case nil: constants.append(nil)
            case .constant(let value)?: constants.append(value)
            case .runtime?: return nil
            }
        }
        let result = try evaluate(operands, constants)
        guard result.count <= maximumElementCount else {
            throw operands.error("folding would make a constant of \(result.count) elements")
        }
        return [result]
    }

    private static func evaluate(_ operands: NodeOperands, _ inputs: [ConstantTensor?]) throws(ONNXError) -> ConstantTensor {
        func input(_ index: Int) throws(ONNXError) -> ConstantTensor {
            guard index < inputs.count, let value = inputs[index] else { throw operands.error("input \(index) is missing") }
            return value
        }
        switch operands.node.opType {
        case "Identity": return try input(0)
        case "Gather": return try gather(operands, try input(0), try input(1))
        case "Unsqueeze": return try unsqueeze(operands, try input(0))
        case "Squeeze": return try squeeze(operands, try input(0))
        case "Concat": return try concat(operands, try inputs.indices.map { index throws(ONNXError) in try input(index) })
        case "Cast": return try cast(operands, try input(0))
        case "Range": return try range(operands, try input(0), try input(1), try input(2))
        case "Expand":
            let value = try input(0)
            let target = try input(1).integers(for: operands.node, operand: "shape").map { Int(clamping: $0) }
            guard target.allSatisfy({ $0 >= 0 }), let shape = Broadcasting.shape(value.shape, target) else {
                throw operands.error("cannot expand \(value.shape) to \(target)")
            }
            try checkSize(shape, operands)
            return value.gathered(Broadcasting.sourceIndices(of: value.shape, broadcastTo: shape), shape: shape)
        case "ConstantOfShape":
            let shape = try input(0).integers(for: operands.node, operand: "shape").map { Int(clamping: $0) }
            guard shape.allSatisfy({ $0 >= 0 }) else { throw operands.error("negative dimension in \(shape)") }
            try checkSize(shape, operands)
            var fill = ConstantTensor(shape: [1], floats: [0])
            if case .tensor(let tensor)? = operands.attribute("value") { fill = ConstantTensor(tensor) }
            guard fill.count == 1 else { throw operands.error("value must hold one element") }
            return fill.gathered([Int](repeating: 0, count: shape.reduce(1, *)), shape: shape)
        case "Reshape":
            let value = try input(0)
            let requested = try input(1).integers(for: operands.node, operand: "shape")
            let shape = try ReshapeTarget.resolve(
                requested, input: value.shape, allowZero: try operands.int("allowzero", default: 0) != 0, operands: operands)
            return value.reshaped(shape)
        case "Transpose":
            let value = try input(0)
            let permutation = try operands.ints("perm") ?? Array((0..<value.shape.count).reversed())
            guard permutation.sorted() == Array(0..<value.shape.count) else { throw operands.error("invalid perm \(permutation)") }
            return value.transposed(permutation)
        case "Slice":
            let value = try input(0)
            let window = try SliceWindow(operands, shape: value.shape)
            let shape = value.shape.indices.map { max(0, (window.end[$0] - window.begin[$0] + window.steps[$0] - 1) / window.steps[$0]) }
            let strides = TensorIndexing.strides(of: value.shape)
            let offset = zip(window.begin, strides).map(*).reduce(0, +)
            let indices = TensorIndexing.gatherIndices(shape: shape, strides: zip(strides, window.steps).map(*)).map { $0 + offset }
            return value.gathered(indices, shape: shape)
        default:
            return try ConstantArithmetic.evaluate(operands, try input(0), try input(1))
        }
    }

    private static func constantValue(_ operands: NodeOperands) throws(ONNXError) -> ConstantTensor {
        switch (operands.attribute("value"), operands.attribute("value_float"), operands.attribute("value_int"),
                operands.attribute("value_floats"), operands.attribute("value_ints")) {
        case (.tensor(let tensor)?, _, _, _, _): return ConstantTensor(tensor)
        case (_, .float(let value)?, _, _, _): return ConstantTensor(shape: [], floats: [value])
        case (_, _, .int(let value)?, _, _): return ConstantTensor(shape: [], integers: [value])
        case (_, _, _, .floats(let values)?, _): return ConstantTensor(shape: [values.count], floats: values)
        case (_, _, _, _, .ints(let values)?): return ConstantTensor(shape: [values.count], integers: values)
        default: throw operands.error("needs a tensor, float(s) or int(s) value")
        }
    }

    private static func shape(_ operands: NodeOperands) throws(ONNXError) -> ConstantTensor {
        let shape: [Int]
        switch operands.inputs.first {
        case .constant(let value)??: shape = value.shape
        case .runtime(let value)??: shape = value.shape
        default: throw operands.error("input 0 is missing")
        }
        let rank = shape.count
        func bound(_ value: Int) -> Int { min(max(value < 0 ? value + rank : value, 0), rank) }
        let start = bound(try operands.int("start", default: 0))
        let end = max(bound(try operands.int("end", default: rank)), start)
        let dimensions = shape[start..<end].map { Int64($0) }
        return ConstantTensor(shape: [dimensions.count], integers: dimensions)
    }

    private static func gather(_ operands: NodeOperands, _ data: ConstantTensor, _ indices: ConstantTensor) throws(ONNXError) -> ConstantTensor {
        let axis = try operands.normalizedAxis(try operands.int("axis", default: 0), rank: data.shape.count)
        let size = data.shape[axis]
        let picks = try indices.integers(for: operands.node, operand: "indices").map { index throws(ONNXError) -> Int in
            guard index >= -Int64(size), index < Int64(size) else { throw operands.error("index \(index) is out of range") }
            return Int(index < 0 ? index + Int64(size) : index)
        }
        let outer = data.shape[..<axis].reduce(1, *)
        let inner = data.shape[(axis + 1)...].reduce(1, *)
        var sources: [Int] = []
        for block in 0..<outer {
            for pick in picks {
                let base = (block * size + pick) * inner
                sources.append(contentsOf: base..<(base + inner))
            }
        }
        let shape = Array(data.shape[..<axis]) + indices.shape + Array(data.shape[(axis + 1)...])
        return data.gathered(sources, shape: shape)
    }

    /// Axes come from input 1 (opset 13+) or the `axes` attribute.
    private static func axes(_ operands: NodeOperands) throws(ONNXError) -> [Int]? {
        if let values = try operands.integers(1, name: "axes") { return values.map { Int(clamping: $0) } }
        return try operands.ints("axes")
    }

    private static func unsqueeze(_ operands: NodeOperands, _ value: ConstantTensor) throws(ONNXError) -> ConstantTensor {
        guard let axes = try axes(operands) else { throw operands.error("needs axes") }
        let rank = value.shape.count + axes.count
        let normalized = try Set(axes.map { axis throws(ONNXError) in try operands.normalizedAxis(axis, rank: rank) })
        guard normalized.count == axes.count else { throw operands.error("repeated axes \(axes)") }
        var remaining = value.shape[...]
        let shape = (0..<rank).map { axis in normalized.contains(axis) ? 1 : remaining.popFirst()! }
        return value.reshaped(shape)
    }

    private static func squeeze(_ operands: NodeOperands, _ value: ConstantTensor) throws(ONNXError) -> ConstantTensor {
        let rank = value.shape.count
        let axes = try axes(operands).map { list throws(ONNXError) in
            try Set(list.map { axis throws(ONNXError) in try operands.normalizedAxis(axis, rank: rank) })
        } ?? Set(value.shape.indices.filter { value.shape[$0] == 1 })
        guard axes.allSatisfy({ value.shape[$0] == 1 }) else { throw operands.error("can only squeeze size-1 axes") }
        return value.reshaped(value.shape.indices.filter { !axes.contains($0) }.map { value.shape[$0] })
    }

    private static func concat(_ operands: NodeOperands, _ parts: [ConstantTensor]) throws(ONNXError) -> ConstantTensor {
        guard let first = parts.first else { throw operands.error("needs inputs") }
        let axis = try operands.normalizedAxis(try operands.int("axis", default: 0), rank: first.shape.count)
        guard parts.allSatisfy({ part in part.isFloat == first.isFloat && part.shape.count == first.shape.count
            && part.shape.indices.allSatisfy { $0 == axis || part.shape[$0] == first.shape[$0] } })
        else { throw operands.error("inputs differ in type or in shape off axis \(axis)") }
        let outer = first.shape[..<axis].reduce(1, *)
        var shape = first.shape
        shape[axis] = parts.map { $0.shape[axis] }.reduce(0, +)
        func interleave<T>(_ arrays: [[T]]) -> [T] {
            var result: [T] = []
            for block in 0..<outer {
                for values in arrays {
                    let chunk = values.count / max(outer, 1)
                    result.append(contentsOf: values[(block * chunk)..<((block + 1) * chunk)])
                }
            }
            return result
        }
        if first.isFloat { return ConstantTensor(shape: shape, floats: interleave(parts.map(\.floats))) }
        return ConstantTensor(shape: shape, integers: interleave(parts.map {
            if case .integer(let values) = $0.elements { values } else { [] }
        }))
    }

    private static func cast(_ operands: NodeOperands, _ value: ConstantTensor) throws(ONNXError) -> ConstantTensor {
        let target = try operands.int("to", default: 0)
        switch ONNXDataType(rawValue: target) {
        case .float?, .double?:
            return ConstantTensor(shape: value.shape, floats: value.floats)
        case .bool?:
            return ConstantTensor(shape: value.shape, integers: value.floats.map { $0 != 0 ? 1 : 0 })
        case .int64?, .int32?, .int16?, .int8?, .uint8?:
            switch value.elements {
            case .integer: return value
            case .float(let values):
                // Truncation toward zero, as C casts (and ONNX Runtime) do.
                guard values.allSatisfy({ $0.isFinite && abs($0) < 9.2e18 }) else {
                    throw operands.error("cannot cast non-finite or huge floats to integers")
                }
                return ConstantTensor(shape: value.shape, integers: values.map { Int64($0.rounded(.towardZero)) })
            }
        case nil:
            throw operands.error("cast to ONNX data type \(target) is not supported")
        }
    }

    private static func range(
        _ operands: NodeOperands, _ start: ConstantTensor, _ limit: ConstantTensor, _ delta: ConstantTensor
    ) throws(ONNXError) -> ConstantTensor {
        guard start.count == 1, limit.count == 1, delta.count == 1 else { throw operands.error("needs scalar inputs") }
        let (first, last, step) = (Double(start.floats[0]), Double(limit.floats[0]), Double(delta.floats[0]))
        guard step != 0, first.isFinite, last.isFinite, step.isFinite else { throw operands.error("invalid range") }
        let count = max(Int(((last - first) / step).rounded(.up)), 0)
        try checkSize([count], operands)
        if start.isFloat {
            let origin = start.floats[0], increment = delta.floats[0]
            return ConstantTensor(shape: [count], floats: (0..<count).map { origin + Float($0) * increment })
        }
        let origin = try start.integers(for: operands.node, operand: "start")[0]
        let increment = try delta.integers(for: operands.node, operand: "delta")[0]
        return ConstantTensor(shape: [count], integers: (0..<count).map { origin + Int64($0) * increment })
    }

    private static func checkSize(_ shape: [Int], _ operands: NodeOperands) throws(ONNXError) {
        var count = 1
        for dimension in shape {
            count = count.multipliedReportingOverflow(by: dimension).partialValue
            guard count <= maximumElementCount else {
                throw operands.error("folding would make a constant of more than \(maximumElementCount) elements")
            }
        }
    }
}
