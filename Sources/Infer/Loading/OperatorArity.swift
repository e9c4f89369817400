extension Operator {
    /// How many input tensors the operator takes (TFLite's operand lists).
    /// Inputs past `lowerBound` are optional and may be `-1`.
    var inputArity: ClosedRange<Int> {
        switch self {
        case .conv2D, .depthwiseConv2D: 2...3
        case .reshape: 1...2
        case .concatenation: 1...Int.max
        case .stridedSlice: 4...4
        case .mul, .add, .sub, .pad, .transpose, .resizeNearestNeighbor, .lookupTable, .batchMatMul: 2...2
        case .logistic, .maxPool2D, .softmax, .quantize, .dequantize: 1...1
        }
    }
}
