import Infer

/// One protobuf message, split into its fields without interpreting them.
///
/// Only the wire format is known here (varint, 64-bit, length-delimited,
/// 32-bit); what a field number means is the caller's business. Every length
/// and offset is checked against the enclosing message, so hostile input
/// ends in a `ProtobufError`, never out of bounds. Length-delimited payloads
/// stay ranges into the shared byte array: large weights are never copied
/// while parsing.
struct ProtobufMessage {
    let bytes: [UInt8]
    let fields: [ProtobufField]

    /// Parses `range` of `bytes` as one message.
    init(bytes: [UInt8], range: Range<Int>) throws(ProtobufError) {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else {
            throw .truncated(offset: range.lowerBound)
        }
        self.bytes = bytes
        var cursor = WireCursor(bytes: bytes, position: range.lowerBound, end: range.upperBound)
        var fields: [ProtobufField] = []
        while !cursor.isAtEnd {
            fields.append(try cursor.readField())
        }
        self.fields = fields
    }

    init(bytes: [UInt8]) throws(ProtobufError) {
        try self.init(bytes: bytes, range: 0..<bytes.count)
    }

    /// The fields with `number`, in file order.
    func fields(_ number: Int) -> [ProtobufField] {
        fields.filter { $0.number == number }
    }

    /// The nested message in length-delimited field `field`.
    func message(in field: ProtobufField) throws(ProtobufError) -> ProtobufMessage {
        try ProtobufMessage(bytes: bytes, range: try field.payloadRange())
    }

    /// The last occurrence of a field wins, as protobuf specifies for scalars.
    func last(_ number: Int) -> ProtobufField? {
        fields.last { $0.number == number }
    }

    func string(_ number: Int) throws(ProtobufError) -> String {
        guard let field = last(number) else { return "" }
        return try string(in: field)
    }

    func string(in field: ProtobufField) throws(ProtobufError) -> String {
        let range = try field.payloadRange()
        return String(decoding: bytes[range], as: UTF8.self)
    }

    func int64(_ number: Int) throws(ProtobufError) -> Int64 {
        guard let field = last(number) else { return 0 }
        return Int64(bitPattern: try field.varint())
    }

    /// Repeated varints, packed or not (parsers must accept both encodings).
    func int64s(_ number: Int) throws(ProtobufError) -> [Int64] {
        var values: [Int64] = []
        for field in fields(number) {
            switch field.value {
            case .varint(let value):
                values.append(Int64(bitPattern: value))
            case .lengthDelimited(let range):
                var cursor = WireCursor(bytes: bytes, position: range.lowerBound, end: range.upperBound)
                while !cursor.isAtEnd { values.append(Int64(bitPattern: try cursor.readVarint())) }
            default:
                throw .wrongWireType(field: field.number)
            }
        }
        return values
    }

    /// Repeated 32-bit floats, packed or not.
    func floats(_ number: Int) throws(ProtobufError) -> [Float] {
        var values: [Float] = []
        for field in fields(number) {
            switch field.value {
            case .fixed32(let bits):
                values.append(Float(bitPattern: bits))
            case .lengthDelimited(let range):
                guard range.count % 4 == 0 else { throw .wrongWireType(field: field.number) }
                var cursor = WireCursor(bytes: bytes, position: range.lowerBound, end: range.upperBound)
                while !cursor.isAtEnd { values.append(Float(bitPattern: try cursor.readFixed32())) }
            default:
                throw .wrongWireType(field: field.number)
            }
        }
        return values
    }

    /// Repeated 64-bit floats, packed or not.
    func doubles(_ number: Int) throws(ProtobufError) -> [Double] {
        var values: [Double] = []
        for field in fields(number) {
            switch field.value {
            case .fixed64(let bits):
                values.append(Double(bitPattern: bits))
            case .lengthDelimited(let range):
                guard range.count % 8 == 0 else { throw .wrongWireType(field: field.number) }
                var cursor = WireCursor(bytes: bytes, position: range.lowerBound, end: range.upperBound)
                while !cursor.isAtEnd { values.append(Double(bitPattern: try cursor.readFixed64())) }
            default:
                throw .wrongWireType(field: field.number)
            }
        }
        return values
    }
}

/// One field as it appears on the wire.
struct ProtobufField {
    enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case lengthDelimited(Range<Int>)
        case fixed32(UInt32)
    }

    let number: Int
    let value: Value

    func varint() throws(ProtobufError) -> UInt64 {
        guard case .varint(let value) = value else { throw .wrongWireType(field: number) }
        return value
    }

    func fixed32() throws(ProtobufError) -> UInt32 {
        guard case .fixed32(let value) = value else { throw .wrongWireType(field: number) }
        return value
    }

    func payloadRange() throws(ProtobufError) -> Range<Int> {
        guard case .lengthDelimited(let range) = value else { throw .wrongWireType(field: number) }
        return range
    }
}
