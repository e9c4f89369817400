import Infer

extension ONNXTensor {
    /// The largest constant accepted (elements): far above any detector's
    /// weights, and low enough that a hostile header cannot exhaust memory.
    static let maximumElementCount = 1 << 28

    /// Decodes a `TensorProto`: dims (1), data_type (2), segment (3),
    /// float_data (4), int32_data (5), int64_data (7), name (8), raw_data (9),
    /// double_data (10), external_data (13), data_location (14).
    init(message: ProtobufMessage, context: String) throws(ONNXError) {
        let name = try decoding(context) { try message.string(8) }
        let label = name.isEmpty ? context : name
        guard message.fields(13).isEmpty, try decoding(context, { try message.int64(14) }) != 1 else {
            throw .externalData(tensor: label)
        }
        guard message.fields(3).isEmpty else {
            throw .invalidTensor(name: label, reason: "segmented tensors are not supported")
        }
        let code = Int(truncatingIfNeeded: try decoding(context) { try message.int64(2) })
        guard let dataType = ONNXDataType(rawValue: code) else {
            throw .unsupportedDataType(tensor: label, dataType: code)
        }
        var shape: [Int] = []
        var count = 1
        for dimension in try decoding(context, { try message.int64s(1) }) {
            guard dimension >= 0, dimension <= Int64(Self.maximumElementCount) else {
                throw .invalidTensor(name: label, reason: "dimension \(dimension) is out of range")
            }
            count *= Int(dimension)
            guard count <= Self.maximumElementCount else {
                throw .invalidTensor(name: label, reason: "more than \(Self.maximumElementCount) elements")
            }
            shape.append(Int(dimension))
        }

        let data: [UInt8]
        if let raw = message.last(9) {
            let range = try decoding(context) { try raw.payloadRange() }
            data = Array(message.bytes[range])
        } else {
            data = try Self.typedData(message, dataType: dataType, context: context)
        }
        guard data.count == count * dataType.byteWidth else {
            throw .invalidTensor(
                name: label,
                reason: "shape \(shape) needs \(count * dataType.byteWidth) bytes of \(dataType), the file has \(data.count)")
        }
        self.init(name: name, dataType: dataType, shape: shape, data: data)
    }

    /// The typed repeated fields, re-encoded as little-endian bytes of `dataType`.
    private static func typedData(
        _ message: ProtobufMessage, dataType: ONNXDataType, context: String
    ) throws(ONNXError) -> [UInt8] {
        switch dataType {
        case .float:
            return FloatBytes.bytes(of: try decoding(context) { try message.floats(4) })
        case .double:
            return littleEndianBytes(try decoding(context) { try message.doubles(10) }.map { $0.bitPattern }, width: 8)
        case .int64:
            return littleEndianBytes(try decoding(context) { try message.int64s(7) }.map { UInt64(bitPattern: $0) }, width: 8)
        case .int32, .int16, .int8, .uint8, .bool:
            // onnx.proto stores all of these widened in int32_data.
            let values = try decoding(context) { try message.int64s(5) }
            return littleEndianBytes(values.map { UInt64(bitPattern: $0) }, width: dataType.byteWidth)
        }
    }

    private static func littleEndianBytes(_ values: [UInt64], width: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * width)
        for value in values {
            for index in 0..<width { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(8 * index))) }
        }
        return bytes
    }
}
