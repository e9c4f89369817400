/// A read-only FlatBuffers view that checks every offset it follows.
///
/// Wire format (little-endian): the buffer starts with a `uoffset` (u32) to
/// the root table. A table starts with an `soffset` (i32); the table's
/// vtable lies at `table - soffset` and holds u16s: vtable size, table size,
/// then one offset per field id, relative to the table start (0: absent,
/// the schema default applies). Fields that refer to tables, vectors and
/// strings hold a u32 offset relative to the field itself. A vector is a
/// u32 element count followed by the elements; a string is a byte vector.
/// Union fields come in pairs: a u8 type tag (id n) and a table offset (id n + 1).
struct FlatBuffer: Sendable {
    let bytes: LittleEndianBytes

    init(_ storage: [UInt8]) {
        bytes = LittleEndianBytes(storage)
    }

    func rootTable(_ name: String) throws(ModelLoadError) -> FlatTable {
        let offset = try bytes.integer(UInt32.self, at: 0, "root offset")
        return try table(at: Int(offset), name)
    }

    func table(at position: Int, _ name: String) throws(ModelLoadError) -> FlatTable {
        let backToVTable = try bytes.integer(Int32.self, at: position, "\(name) table")
        let vtable = position - Int(backToVTable)
        let vtableSize = Int(try bytes.integer(UInt16.self, at: vtable, "\(name) vtable"))
        let tableSize = Int(try bytes.integer(UInt16.self, at: vtable + 2, "\(name) vtable"))
        guard vtableSize >= 4, vtableSize % 2 == 0, tableSize >= 4 else {
            throw .malformed(
                "\(name) vtable at offset \(vtable) declares sizes \(vtableSize)/\(tableSize)")
        }
        try bytes.requireRange(vtable, vtableSize, "\(name) vtable")
        try bytes.requireRange(position, tableSize, "\(name) table")
        return FlatTable(
            buffer: self, name: name, position: position, vtable: vtable,
            fieldCount: (vtableSize - 4) / 2, size: tableSize)
    }

    /// The target of the u32 offset stored at `position`.
    func followOffset(at position: Int, _ what: @autoclosure () -> String) throws(ModelLoadError) -> Int {
        position + Int(try bytes.integer(UInt32.self, at: position, what()))
    }

    func vector(at position: Int, elementWidth: Int, _ name: String) throws(ModelLoadError) -> FlatVector {
        let count = Int(try bytes.integer(UInt32.self, at: position, "\(name) length"))
        let start = position + 4
        guard count <= (bytes.count - start) / elementWidth else {
            throw .malformed(
                "\(name) at offset \(position) claims \(count) elements of \(elementWidth) bytes, "
                    + "past the end of the \(bytes.count)-byte file")
        }
        return FlatVector(buffer: self, name: name, start: start, count: count, elementWidth: elementWidth)
    }
}

/// One table of a `FlatBuffer`; field accessors take the schema's field id.
struct FlatTable: Sendable {
    let buffer: FlatBuffer
    let name: String
    let position: Int
    let vtable: Int
    let fieldCount: Int
    let size: Int

    /// The absolute position of field `id`, or `nil` when the field is absent.
    private func fieldPosition(_ id: Int, width: Int) throws(ModelLoadError) -> Int? {
        guard id < fieldCount else { return nil }
        let relative = Int(
            try buffer.bytes.integer(UInt16.self, at: vtable + 4 + 2 * id, "\(name) vtable"))
        guard relative != 0 else { return nil }
        guard relative <= size - width else {
            throw .malformed(
                "\(name) field \(id) at +\(relative) overruns its \(size)-byte table at offset \(position)")
        }
        return position + relative
    }

    func scalar<T: FixedWidthInteger>(_ id: Int, default value: T) throws(ModelLoadError) -> T {
        guard let field = try fieldPosition(id, width: MemoryLayout<T>.size) else { return value }
        return try buffer.bytes.integer(T.self, at: field, "\(name) field \(id)")
    }

    func float32(_ id: Int, default value: Float) throws(ModelLoadError) -> Float {
        guard let field = try fieldPosition(id, width: 4) else { return value }
        return try buffer.bytes.float32(at: field, "\(name) field \(id)")
    }

    func bool(_ id: Int, default value: Bool) throws(ModelLoadError) -> Bool {
        try scalar(id, default: UInt8(value ? 1 : 0)) != 0
    }

    func table(_ id: Int, _ childName: String) throws(ModelLoadError) -> FlatTable? {
        guard let field = try fieldPosition(id, width: 4) else { return nil }
        return try buffer.table(at: buffer.followOffset(at: field, childName), childName)
    }

    func vector(_ id: Int, elementWidth: Int, _ childName: String) throws(ModelLoadError) -> FlatVector? {
        guard let field = try fieldPosition(id, width: 4) else { return nil }
        return try buffer.vector(
            at: buffer.followOffset(at: field, childName), elementWidth: elementWidth, childName)
    }

    /// A string field, decoded leniently (invalid UTF-8 becomes U+FFFD): a
    /// name is not worth rejecting a model over.
    func string(_ id: Int, _ childName: String) throws(ModelLoadError) -> String? {
        guard let vector = try vector(id, elementWidth: 1, childName) else { return nil }
        return String(decoding: try vector.rawBytes(), as: UTF8.self)
    }
}

/// A vector of a `FlatBuffer` whose extent has been checked.
struct FlatVector: Sendable {
    let buffer: FlatBuffer
    let name: String
    let start: Int
    let count: Int
    let elementWidth: Int

    private func elementPosition(_ index: Int) throws(ModelLoadError) -> Int {
        guard (0..<count).contains(index) else {
            throw .malformed("\(name) index \(index) out of range (\(count) elements)")
        }
        return start + index * elementWidth
    }

    func table(_ index: Int, _ elementName: String) throws(ModelLoadError) -> FlatTable {
        let position = try elementPosition(index)
        return try buffer.table(at: buffer.followOffset(at: position, elementName), elementName)
    }

    func integer<T: FixedWidthInteger>(_: T.Type, _ index: Int) throws(ModelLoadError) -> T {
        try buffer.bytes.integer(T.self, at: elementPosition(index), "\(name)[\(index)]")
    }

    func float32(_ index: Int) throws(ModelLoadError) -> Float {
        try buffer.bytes.float32(at: elementPosition(index), "\(name)[\(index)]")
    }

    func integers<T: FixedWidthInteger>(_: T.Type) throws(ModelLoadError) -> [T] {
        var values: [T] = []
        values.reserveCapacity(count)
        for index in 0..<count { values.append(try integer(T.self, index)) }
        return values
    }

    func float32s() throws(ModelLoadError) -> [Float] {
        var values: [Float] = []
        values.reserveCapacity(count)
        for index in 0..<count { values.append(try float32(index)) }
        return values
    }

    func rawBytes() throws(ModelLoadError) -> ArraySlice<UInt8> {
        try buffer.bytes.bytes(at: start, count: count * elementWidth, name)
    }
}
