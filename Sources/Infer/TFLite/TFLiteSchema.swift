/// Facts from TFLite's `schema.fbs` (schema version 3 / 3a) that the reader
/// needs: field ids in declaration order, and enum values.
enum TFLiteSchema {
    static let fileIdentifier: [UInt8] = Array("TFL3".utf8)
    static let version: UInt32 = 3

    enum Model {
        static let version = 0, operatorCodes = 1, subgraphs = 2, buffers = 4
    }
    enum OperatorCode {
        static let deprecatedBuiltinCode = 0, customCode = 1, builtinCode = 3
    }
    enum SubGraph {
        static let tensors = 0, inputs = 1, outputs = 2, operators = 3
    }
    enum Tensor {
        static let shape = 0, type = 1, buffer = 2, name = 3, quantization = 4, sparsity = 6
        static let externalBuffer = 10
    }
    enum QuantizationParameters {
        static let scale = 2, zeroPoint = 3, detailsType = 4, quantizedDimension = 6
    }
    enum Operator {
        static let opcodeIndex = 0, inputs = 1, outputs = 2, builtinOptionsType = 3
        static let builtinOptions = 4
    }
    enum Buffer {
        static let data = 0, offset = 1, size = 2
    }
    enum Conv2DOptions {
        static let padding = 0, strideW = 1, strideH = 2, activation = 3, dilationW = 4, dilationH = 5
    }
    enum Pool2DOptions {
        static let padding = 0, strideW = 1, strideH = 2, filterW = 3, filterH = 4, activation = 5
    }
    enum ConcatenationOptions {
        static let axis = 0, activation = 1
    }
    /// AddOptions, SubOptions and MulOptions.
    enum ArithmeticOptions {
        static let activation = 0
    }
    enum StridedSliceOptions {
        static let beginMask = 0, endMask = 1, ellipsisMask = 2, newAxisMask = 3, shrinkAxisMask = 4
        static let offset = 5
    }
    enum ResizeNearestNeighborOptions {
        static let alignCorners = 0, halfPixelCenters = 1
    }
    enum SoftmaxOptions {
        static let beta = 0
    }

    /// `deprecated_builtin_code` holds this when the real code (> 127) is in `builtin_code`.
    static let placeholderForGreaterOpCodes: Int32 = 127
    static let customOpCode: Int32 = 32

    /// `TensorType` values the engine accepts.
    static func elementType(_ code: Int8) -> ElementType? {
        switch code {
        case 0: .float32
        case 2: .int32
        case 3: .uint8
        case 4: .int64
        case 7: .int16
        case 9: .int8
        default: nil
        }
    }

    static let tensorTypeNames = [
        "FLOAT32", "FLOAT16", "INT32", "UINT8", "INT64", "STRING", "BOOL", "INT16", "COMPLEX64",
        "INT8", "FLOAT64", "COMPLEX128", "UINT64", "RESOURCE", "VARIANT", "UINT32", "UINT16",
        "INT4", "BFLOAT16",
    ]
}
