/// A tensor of the graph: an activation, a graph input/output, or a constant.
public struct Tensor: Sendable {
    public var name: String
    public var type: ElementType
    /// Dimensions, outermost first (NHWC for feature maps).
    public var shape: [Int]
    public var quantization: Quantization?
    /// The bytes of a constant tensor (weights, biases, shape operands),
    /// little-endian, row-major; `nil` for tensors computed at run time.
    public var data: [UInt8]?

    public init(
        name: String, type: ElementType, shape: [Int],
        quantization: Quantization? = nil, data: [UInt8]? = nil
    ) {
        self.name = name
        self.type = type
        self.shape = shape
        self.quantization = quantization
        self.data = data
    }

    public var elementCount: Int { shape.reduce(1, *) }
    public var byteCount: Int { elementCount * type.byteWidth }
    public var isConstant: Bool { data != nil }

    /// The constant's elements as `Int` (for int32/int64 operands such as
    /// paddings, permutations and slice bounds); `nil` for other types.
    public func integerValues() -> [Int]? {
        guard let data, type == .int32 || type == .int64 else { return nil }
        let width = type.byteWidth
        return (0..<(data.count / width)).map { element in
            var bits: UInt64 = 0
            for byte in 0..<width {
                bits |= UInt64(data[element * width + byte]) << UInt64(8 * byte)
            }
            return type == .int32
                ? Int(Int32(truncatingIfNeeded: bits)) : Int(Int64(bitPattern: bits))
        }
    }
}
