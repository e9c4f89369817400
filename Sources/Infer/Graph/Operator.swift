/// Padding scheme of a windowed op, as TFLite defines it.
public enum Padding: String, Sendable, Codable {
    case same, valid
}

/// An activation fused into an op's output clamp.
public enum FusedActivation: String, Sendable, Codable {
    case none, relu, reluN1To1, relu6
}

public struct Conv2DOptions: Sendable, Equatable, Codable {
    public var padding: Padding
    public var strideH: Int, strideW: Int
    public var dilationH: Int, dilationW: Int
    public var activation: FusedActivation

    public init(
        padding: Padding, strideH: Int = 1, strideW: Int = 1,
        dilationH: Int = 1, dilationW: Int = 1, activation: FusedActivation = .none
    ) {
        self.padding = padding
        self.strideH = strideH
        self.strideW = strideW
        self.dilationH = dilationH
        self.dilationW = dilationW
        self.activation = activation
    }
}

public struct Pool2DOptions: Sendable, Equatable, Codable {
    public var padding: Padding
    public var strideH: Int, strideW: Int
    public var filterH: Int, filterW: Int
    public var activation: FusedActivation

    public init(
        padding: Padding, strideH: Int, strideW: Int, filterH: Int, filterW: Int,
        activation: FusedActivation = .none
    ) {
        self.padding = padding
        self.strideH = strideH
        self.strideW = strideW
        self.filterH = filterH
        self.filterW = filterW
        self.activation = activation
    }
}

public struct StridedSliceOptions: Sendable, Equatable, Codable {
    public var beginMask: Int32, endMask: Int32, ellipsisMask: Int32
    public var newAxisMask: Int32, shrinkAxisMask: Int32
    public var offset: Bool

    public init(
        beginMask: Int32 = 0, endMask: Int32 = 0, ellipsisMask: Int32 = 0,
        newAxisMask: Int32 = 0, shrinkAxisMask: Int32 = 0, offset: Bool = false
    ) {
        self.beginMask = beginMask
        self.endMask = endMask
        self.ellipsisMask = ellipsisMask
        self.newAxisMask = newAxisMask
        self.shrinkAxisMask = shrinkAxisMask
        self.offset = offset
    }
}

public struct ResizeOptions: Sendable, Equatable, Codable {
    public var alignCorners: Bool
    public var halfPixelCenters: Bool

    public init(alignCorners: Bool = false, halfPixelCenters: Bool = false) {
        self.alignCorners = alignCorners
        self.halfPixelCenters = halfPixelCenters
    }
}

/// The operators of the engine's graph IR. Their semantics are TFLite's
/// integer reference semantics; operands that TFLite passes as constant
/// tensors (paddings, permutations, slice bounds, sizes) stay graph inputs
/// of the node, in TFLite's order.
public enum Operator: Sendable, Equatable, Codable {
    /// inputs: input, filter (OHWI), bias (int32, optional: -1)
    case conv2D(Conv2DOptions)
    /// One filter per channel (depth multiplier 1). inputs: input, filter
    /// ([channels, KH, KW, 1]: the OHWI of a convolution with one input channel
    /// per group, so per-channel scales stay on axis 0, unlike TFLite's
    /// [1, KH, KW, channels]), bias (int32, optional: -1). Format version 2.
    case depthwiseConv2D(Conv2DOptions)
    case logistic
    case mul(FusedActivation)
    case add(FusedActivation)
    case sub(FusedActivation)
    case concatenation(axis: Int, activation: FusedActivation)
    /// inputs: input, begin, end, strides
    case stridedSlice(StridedSliceOptions)
    /// inputs: input, paddings ([rank, 2])
    case pad
    /// inputs: input, (optional) shape; the output tensor's shape rules.
    case reshape
    /// inputs: input, permutation
    case transpose
    case maxPool2D(Pool2DOptions)
    /// inputs: input, size ([2]: height, width)
    case resizeNearestNeighbor(ResizeOptions)
    case softmax(beta: Float)
    /// Requantize (int8 → int8) or quantize (float → int8).
    case quantize
    case dequantize
    /// int8 → int8 through a table. inputs: input, table (constant int8 [256],
    /// `table[q + 128]` is the output for input q). Not a TFLite op: the
    /// quantizer emits it for activations such as SiLU, computed exactly.
    case lookupTable
    /// The matrix product of two run-time tensors, TFLite's BATCH_MATMUL:
    /// left [..., M, K] ([..., K, M] when `adjointLeft`), right [..., K, N]
    /// ([..., N, K] when `adjointRight`), the leading (batch) axes equal; output
    /// [..., M, N]. Format version 2.
    case batchMatMul(adjointLeft: Bool, adjointRight: Bool)

    /// A short name for logs and `inspect`, TFLite-style.
    public var name: String {
        switch self {
        case .conv2D: "CONV_2D"
        case .depthwiseConv2D: "DEPTHWISE_CONV_2D"
        case .logistic: "LOGISTIC"
        case .mul: "MUL"
        case .add: "ADD"
        case .sub: "SUB"
        case .concatenation: "CONCATENATION"
        case .stridedSlice: "STRIDED_SLICE"
        case .pad: "PAD"
        case .reshape: "RESHAPE"
        case .transpose: "TRANSPOSE"
        case .maxPool2D: "MAX_POOL_2D"
        case .resizeNearestNeighbor: "RESIZE_NEAREST_NEIGHBOR"
        case .softmax: "SOFTMAX"
        case .quantize: "QUANTIZE"
        case .dequantize: "DEQUANTIZE"
        case .lookupTable: "LOOKUP_TABLE"
        case .batchMatMul: "BATCH_MATMUL"
        }
    }
}

extension Operator {
    /// The `.yem` format version that introduced the operator: a file that
    /// uses none of version 2's operators is written as version 1, which
    /// older builds still read.
    public var formatVersion: UInt32 {
        switch self {
        case .depthwiseConv2D, .batchMatMul: 2
        default: 1
        }
    }
}
