/// Decodes TFLite `Operator` tables into graph nodes, with their builtin options.
struct TFLiteOperatorReader {
    /// One entry of the model's `operator_codes`.
    struct Code {
        var builtin: Int32
        var customName: String?
    }

    let codes: [Code]
    let tensors: [Tensor]

    /// Operator `index` of the subgraph; errors name it, e.g. "operator 12 (CONV_2D): ...".
    func node(
        _ index: Int, in operators: FlatVector, budget: inout DecodeBudget
    ) throws(ModelLoadError) -> Node {
        typealias Field = TFLiteSchema.Operator
        let (table, code) = try withContext("operator \(index)") {
            () throws(ModelLoadError) -> (FlatTable, Code) in
            let table = try operators.table(index, "operator")
            let codeIndex = Int(try table.scalar(Field.opcodeIndex, default: UInt32(0)))
            guard codes.indices.contains(codeIndex) else {
                throw .malformed(
                    "opcode index \(codeIndex) out of range (model has \(codes.count) operator codes)")
            }
            return (table, codes[codeIndex])
        }
        let name = code.customName.map { "CUSTOM '\($0)'" } ?? TFLiteBuiltinOperator.name(of: code.builtin)
        return try withContext("operator \(index) (\(name))") { () throws(ModelLoadError) -> Node in
            guard code.builtin != TFLiteSchema.customOpCode,
                let builtin = TFLiteBuiltinOperator(rawValue: code.builtin)
            else {
                throw .unsupported("not supported by the engine")
            }
            let inputs = try operands(table, Field.inputs, "inputs", budget: &budget)
            let outputs = try operands(table, Field.outputs, "outputs", budget: &budget)
            let optionsType = try table.scalar(Field.builtinOptionsType, default: UInt8(0))
            guard optionsType == 0 || optionsType == builtin.optionsType else {
                throw .malformed("builtin options of type \(optionsType), expected \(builtin.optionsType)")
            }
            let options = optionsType == 0 ? nil : try table.table(Field.builtinOptions, "builtin options")
            let outputRank = outputs.first.flatMap {
                tensors.indices.contains($0) ? tensors[$0].shape.count : nil
            }
            let op = try Self.makeOperator(builtin, options: options, outputRank: outputRank)
            return Node(op: op, inputs: inputs, outputs: outputs)
        }
    }

    private func operands(
        _ table: FlatTable, _ id: Int, _ name: String, budget: inout DecodeBudget
    ) throws(ModelLoadError) -> [Int] {
        guard let vector = try table.vector(id, elementWidth: 4, name) else { return [] }
        try budget.spend(8 * vector.count, on: name)
        return try vector.integers(Int32.self).map { Int($0) }
    }

    /// The IR operator for `builtin`; `options` is `nil` when the file has
    /// none, and the schema defaults apply (the validator rejects zero strides).
    private static func makeOperator(
        _ builtin: TFLiteBuiltinOperator, options: FlatTable?, outputRank: Int?
    ) throws(ModelLoadError) -> Operator {
        let options = TFLiteOptions(table: options)
        switch builtin {
        case .conv2D:
            typealias F = TFLiteSchema.Conv2DOptions
            return .conv2D(
                Conv2DOptions(
                    padding: try options.padding(F.padding),
                    strideH: try options.int(F.strideH, default: 0),
                    strideW: try options.int(F.strideW, default: 0),
                    dilationH: try options.int(F.dilationH, default: 1),
                    dilationW: try options.int(F.dilationW, default: 1),
                    activation: try options.activation(F.activation)))
        case .maxPool2D:
            typealias F = TFLiteSchema.Pool2DOptions
            return .maxPool2D(
                Pool2DOptions(
                    padding: try options.padding(F.padding),
                    strideH: try options.int(F.strideH, default: 0),
                    strideW: try options.int(F.strideW, default: 0),
                    filterH: try options.int(F.filterH, default: 0),
                    filterW: try options.int(F.filterW, default: 0),
                    activation: try options.activation(F.activation)))
        case .concatenation:
            typealias F = TFLiteSchema.ConcatenationOptions
            var axis = try options.int(F.axis, default: 0)
            if axis < 0, let outputRank { axis += outputRank }
            return .concatenation(axis: axis, activation: try options.activation(F.activation))
        case .add: return .add(try options.activation(TFLiteSchema.ArithmeticOptions.activation))
        case .sub: return .sub(try options.activation(TFLiteSchema.ArithmeticOptions.activation))
        case .mul: return .mul(try options.activation(TFLiteSchema.ArithmeticOptions.activation))
        case .stridedSlice:
            typealias F = TFLiteSchema.StridedSliceOptions
            return .stridedSlice(
                StridedSliceOptions(
                    beginMask: try options.int32(F.beginMask), endMask: try options.int32(F.endMask),
                    ellipsisMask: try options.int32(F.ellipsisMask),
                    newAxisMask: try options.int32(F.newAxisMask),
                    shrinkAxisMask: try options.int32(F.shrinkAxisMask),
                    offset: try options.bool(F.offset)))
        case .resizeNearestNeighbor:
            typealias F = TFLiteSchema.ResizeNearestNeighborOptions
            return .resizeNearestNeighbor(
                ResizeOptions(
                    alignCorners: try options.bool(F.alignCorners),
                    halfPixelCenters: try options.bool(F.halfPixelCenters)))
        case .softmax: return .softmax(beta: try options.float(TFLiteSchema.SoftmaxOptions.beta))
        case .logistic: return .logistic
        case .pad: return .pad
        case .reshape: return .reshape
        case .transpose: return .transpose
        case .quantize: return .quantize
        case .dequantize: return .dequantize
        }
    }
}

/// Reads fields of a builtin options table, falling back to schema defaults
/// when the table or the field is absent.
private struct TFLiteOptions {
    let table: FlatTable?

    func int32(_ id: Int, default value: Int32 = 0) throws(ModelLoadError) -> Int32 {
        try table?.scalar(id, default: value) ?? value
    }

    func int(_ id: Int, default value: Int32) throws(ModelLoadError) -> Int {
        Int(try int32(id, default: value))
    }

    func bool(_ id: Int) throws(ModelLoadError) -> Bool {
        try table?.bool(id, default: false) ?? false
    }

    func float(_ id: Int) throws(ModelLoadError) -> Float {
        try table?.float32(id, default: 0) ?? 0
    }

    func padding(_ id: Int) throws(ModelLoadError) -> Padding {
        switch try table?.scalar(id, default: Int8(0)) ?? 0 {
        case 0: .same
        case 1: .valid
        case let other: throw .malformed("padding \(other) is neither SAME (0) nor VALID (1)")
        }
    }

    func activation(_ id: Int) throws(ModelLoadError) -> FusedActivation {
        switch try table?.scalar(id, default: Int8(0)) ?? 0 {
        case 0: .none
        case 1: .relu
        case 2: .reluN1To1
        case 3: .relu6
        case 4: throw .unsupported("fused activation TANH is not supported")
        case 5: throw .unsupported("fused activation SIGN_BIT is not supported")
        case let other: throw .malformed("fused activation \(other) is not defined")
        }
    }
}
