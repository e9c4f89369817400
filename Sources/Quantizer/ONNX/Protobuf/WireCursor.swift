import Infer

/// Reads protobuf wire primitives from `bytes[position..<end]`, checking
/// every read against `end`.
struct WireCursor {
    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int

    init(bytes: [UInt8], position: Int, end: Int) {
        self.bytes = bytes
        self.position = position
        self.end = end
    }

    var isAtEnd: Bool { position >= end }

    mutating func readVarint() throws(ProtobufError) -> UInt64 {
        var value: UInt64 = 0
        // A varint has at most 10 bytes; the tenth may only hold the top bit.
        for index in 0..<10 {
            guard position < end else { throw .truncated(offset: position) }
            let byte = bytes[position]
            position += 1
            if index == 9 && byte > 1 { throw .malformedVarint(offset: position - 1) }
            value |= UInt64(byte & 0x7F) << UInt64(7 * index)
            if byte & 0x80 == 0 { return value }
        }
        throw .malformedVarint(offset: position - 1)
    }

    mutating func readFixed32() throws(ProtobufError) -> UInt32 {
        UInt32(truncatingIfNeeded: try readLittleEndian(byteCount: 4))
    }

    mutating func readFixed64() throws(ProtobufError) -> UInt64 {
        try readLittleEndian(byteCount: 8)
    }

    mutating func readField() throws(ProtobufError) -> ProtobufField {
        let start = position
        let key = try readVarint()
        let number = key >> 3
        guard number >= 1, number <= 536_870_911 else { throw .invalidFieldNumber(offset: start) }
        let value: ProtobufField.Value
        switch key & 7 {
        case 0: value = .varint(try readVarint())
        case 1: value = .fixed64(try readFixed64())
        case 2:
            let length = try readVarint()
            guard length <= UInt64(end - position) else { throw .truncated(offset: position) }
            let payloadStart = position
            position += Int(length)
            value = .lengthDelimited(payloadStart..<position)
        case 5: value = .fixed32(try readFixed32())
        default:
            // Groups (3, 4) are deprecated and never used by ONNX; 6, 7 do not exist.
            throw .unsupportedWireType(Int(key & 7), offset: start)
        }
        return ProtobufField(number: Int(number), value: value)
    }

    private mutating func readLittleEndian(byteCount: Int) throws(ProtobufError) -> UInt64 {
        guard end - position >= byteCount else { throw .truncated(offset: position) }
        var value: UInt64 = 0
        for index in 0..<byteCount {
            value |= UInt64(bytes[position + index]) << UInt64(8 * index)
        }
        position += byteCount
        return value
    }
}
