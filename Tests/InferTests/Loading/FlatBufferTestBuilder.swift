/// Assembles small FlatBuffers by hand for loader tests: a value tree in,
/// bytes out. Objects are laid out front to back (each child after its
/// parent, so every uoffset is positive), with no alignment padding — the
/// reader under test must not depend on alignment.
enum FlatValue {
    case int8(Int8)
    case uint8(UInt8)
    case int32(Int32)
    case uint32(UInt32)
    case uint64(UInt64)
    case float32(Float)
    case table(FlatTableValue)
    case tables([FlatTableValue])
    /// A vector of `count` offsets that all point at one table, as a hostile
    /// file may do to expand a small file into a huge decoded model.
    case sharedTable(FlatTableValue, count: Int)
    case int32s([Int32])
    case int64s([Int64])
    case float32s([Float])
    case bytes([UInt8])
    case string(String)
}

/// A table as field id → value.
struct FlatTableValue {
    var fields: [Int: FlatValue]

    init(_ fields: [Int: FlatValue] = [:]) {
        self.fields = fields
    }
}

enum FlatBufferTestBuilder {
    /// Bytes with the root offset, the 4-byte `identifier`, then `root`.
    static func build(root: FlatTableValue, identifier: String = "TFL3") -> [UInt8] {
        var bytes: [UInt8] = [0, 0, 0, 0] + Array(identifier.utf8)
        let rootPosition = append(root, to: &bytes)
        patchOffset(at: 0, target: rootPosition, in: &bytes)
        return bytes
    }

    private static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        stride(from: 0, to: T.bitWidth, by: 8).map { UInt8(truncatingIfNeeded: value >> $0) }
    }

    private static func patchOffset(at position: Int, target: Int, in bytes: inout [UInt8]) {
        bytes.replaceSubrange(position..<(position + 4), with: littleEndian(UInt32(target - position)))
    }

    /// Appends vtable then table, then the children; returns the table position.
    private static func append(_ table: FlatTableValue, to bytes: inout [UInt8]) -> Int {
        let ids = table.fields.keys.sorted()
        let fieldCount = (ids.last ?? -1) + 1
        var inline: [UInt8] = [0, 0, 0, 0]  // soffset, patched below
        var fieldOffsets = [UInt16](repeating: 0, count: fieldCount)
        var children: [(inlineOffset: Int, value: FlatValue)] = []
        for (id, value) in table.fields.sorted(by: { $0.key < $1.key }) {
            fieldOffsets[id] = UInt16(inline.count)
            switch value {
            case .int8(let v): inline += littleEndian(v)
            case .uint8(let v): inline += littleEndian(v)
            case .int32(let v): inline += littleEndian(v)
            case .uint32(let v): inline += littleEndian(v)
            case .uint64(let v): inline += littleEndian(v)
            case .float32(let v): inline += littleEndian(v.bitPattern)
            default:
                children.append((inline.count, value))
                inline += [0, 0, 0, 0]
            }
        }
        let vtable = bytes.count
        bytes += littleEndian(UInt16(4 + 2 * fieldCount)) + littleEndian(UInt16(inline.count))
        for offset in fieldOffsets { bytes += littleEndian(offset) }
        let position = bytes.count
        inline.replaceSubrange(0..<4, with: littleEndian(Int32(position - vtable)))
        bytes += inline
        for child in children {
            let target = append(child.value, to: &bytes)
            patchOffset(at: position + child.inlineOffset, target: target, in: &bytes)
        }
        return position
    }

    /// Appends an offset-referenced value (vector, string, table); returns its position.
    private static func append(_ value: FlatValue, to bytes: inout [UInt8]) -> Int {
        func vector(_ count: Int, _ elements: [UInt8]) -> Int {
            let position = bytes.count
            bytes += littleEndian(UInt32(count)) + elements
            return position
        }
        switch value {
        case .table(let table): return append(table, to: &bytes)
        case .int32s(let values): return vector(values.count, values.flatMap(littleEndian))
        case .int64s(let values): return vector(values.count, values.flatMap(littleEndian))
        case .float32s(let values):
            return vector(values.count, values.flatMap { littleEndian($0.bitPattern) })
        case .bytes(let values): return vector(values.count, values)
        case .string(let text): return vector(text.utf8.count, Array(text.utf8) + [0])
        case .tables(let tables):
            let position = vector(tables.count, [UInt8](repeating: 0, count: 4 * tables.count))
            for (index, table) in tables.enumerated() {
                let target = append(table, to: &bytes)
                patchOffset(at: position + 4 + 4 * index, target: target, in: &bytes)
            }
            return position
        case .sharedTable(let table, let count):
            let position = vector(count, [UInt8](repeating: 0, count: 4 * count))
            let target = append(table, to: &bytes)
            for index in 0..<count {
                patchOffset(at: position + 4 + 4 * index, target: target, in: &bytes)
            }
            return position
        case .int8, .uint8, .int32, .uint32, .uint64, .float32:
            preconditionFailure("scalars are stored inline")
        }
    }
}
