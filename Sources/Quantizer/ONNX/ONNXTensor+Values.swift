import Infer

extension ONNXTensor {
    /// The elements as `Float` (float and double tensors); `nil` otherwise.
    public func floatValues() -> [Float]? {
        switch dataType {
        case .float:
            return FloatBytes.floats(from: data, count: elementCount)
        case .double:
            return data.withUnsafeBytes { raw in
                (0..<elementCount).map {
                    Float(Double(bitPattern: raw.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self).littleEndian))
                }
            }
        default:
            return nil
        }
    }

    /// The elements as `Int64` (integer and bool tensors); `nil` otherwise.
    public func integerValues() -> [Int64]? {
        data.withUnsafeBytes { raw -> [Int64]? in
            let width = dataType.byteWidth
            switch dataType {
            case .int64:
                return (0..<elementCount).map { Int64(littleEndian: raw.loadUnaligned(fromByteOffset: width * $0, as: Int64.self)) }
            case .int32:
                return (0..<elementCount).map { Int64(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: width * $0, as: Int32.self))) }
            case .int16:
                return (0..<elementCount).map { Int64(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: width * $0, as: Int16.self))) }
            case .int8:
                return (0..<elementCount).map { Int64(Int8(bitPattern: raw[$0])) }
            case .uint8, .bool:
                return (0..<elementCount).map { Int64(raw[$0]) }
            case .float, .double:
                return nil
            }
        }
    }
}
