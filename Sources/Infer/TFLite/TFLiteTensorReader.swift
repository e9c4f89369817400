/// Decodes TFLite `Tensor` tables (shape, type, quantization, constant data).
struct TFLiteTensorReader {
    typealias Field = TFLiteSchema.Tensor

    let file: FlatBuffer
    let buffers: FlatVector?
    var budget: DecodeBudget
    /// Constant data by buffer index: tensors that share a buffer share storage,
    /// so a file cannot multiply its weights by pointing many tensors at them.
    private var dataByBuffer: [Int: [UInt8]] = [:]

    init(file: FlatBuffer, buffers: FlatVector?, budget: DecodeBudget) {
        self.file = file
        self.buffers = buffers
        self.budget = budget
    }

    /// Tensor `index` of the subgraph; errors name it, e.g. "tensor 7 'conv/weights': ...".
    mutating func tensor(_ index: Int, in tensors: FlatVector) throws(ModelLoadError) -> Tensor {
        let (table, name) = try withContext("tensor \(index)") {
            () throws(ModelLoadError) -> (FlatTable, String) in
            let table = try tensors.table(index, "tensor")
            let name = try table.string(Field.name, "name") ?? ""
            try budget.spend(name.utf8.count, on: "tensor name")
            return (table, name)
        }
        return try withContext("tensor \(index) '\(name)'") { () throws(ModelLoadError) -> Tensor in
            guard try table.table(Field.sparsity, "sparsity") == nil else {
                throw .unsupported("sparse tensors are not supported")
            }
            guard try table.scalar(Field.externalBuffer, default: UInt32(0)) == 0 else {
                throw .unsupported("external buffers are not supported")
            }
            let typeCode = try table.scalar(Field.type, default: Int8(0))
            guard let type = TFLiteSchema.elementType(typeCode) else {
                let names = TFLiteSchema.tensorTypeNames
                let typeName = names.indices.contains(Int(typeCode)) ? names[Int(typeCode)] : "\(typeCode)"
                throw .unsupported("element type \(typeName) is not supported")
            }
            let shape = try readShape(table)
            let byteCount = try ModelLimits.byteCount(shape: shape, type: type)
            let quantization = try readQuantization(table, shape: shape)
            let bufferIndex = Int(try table.scalar(Field.buffer, default: UInt32(0)))
            let data = try constantData(buffer: bufferIndex)
            if let data, data.count != byteCount {
                throw .malformed(
                    "buffer \(bufferIndex) has \(data.count) bytes, shape \(shape) \(type) needs \(byteCount)"
                )
            }
            return Tensor(name: name, type: type, shape: shape, quantization: quantization, data: data)
        }
    }

    private mutating func readShape(_ table: FlatTable) throws(ModelLoadError) -> [Int] {
        guard let vector = try table.vector(Field.shape, elementWidth: 4, "shape") else { return [] }
        guard vector.count <= ModelLimits.maxRank else {
            throw .unsupported("rank \(vector.count) exceeds the limit of \(ModelLimits.maxRank)")
        }
        try budget.spend(8 * vector.count, on: "shape")
        return try vector.integers(Int32.self).map { Int($0) }
    }

    private mutating func readQuantization(
        _ tensor: FlatTable, shape: [Int]
    ) throws(ModelLoadError) -> Quantization? {
        typealias Q = TFLiteSchema.QuantizationParameters
        guard let table = try tensor.table(Field.quantization, "quantization") else { return nil }
        guard try table.scalar(Q.detailsType, default: UInt8(0)) == 0 else {
            throw .unsupported("custom quantization is not supported")
        }
        guard let scales = try table.vector(Q.scale, elementWidth: 4, "quantization scales"),
            scales.count > 0
        else { return nil }
        let axis = Int(try table.scalar(Q.quantizedDimension, default: Int32(0)))
        // Per-channel parameters run along one axis: check before decoding so
        // a bogus count cannot make us decode a huge vector.
        if scales.count > 1 {
            guard shape.indices.contains(axis), shape[axis] == scales.count else {
                throw .malformed(
                    "\(scales.count) quantization scales do not match axis \(axis) of shape \(shape)")
            }
        }
        let zeroPointVector = try table.vector(Q.zeroPoint, elementWidth: 8, "quantization zero points")
        let zeroPointCount = zeroPointVector?.count ?? 0
        guard zeroPointCount == scales.count else {
            throw .malformed("quantization has \(scales.count) scales but \(zeroPointCount) zero points")
        }
        try budget.spend(8 * scales.count, on: "quantization")
        var zeroPoints: [Int32] = []
        for wide in try zeroPointVector?.integers(Int64.self) ?? [] {
            guard let narrow = Int32(exactly: wide) else {
                throw .malformed("quantization zero point \(wide) does not fit 32 bits")
            }
            zeroPoints.append(narrow)
        }
        return Quantization(scales: try scales.float32s(), zeroPoints: zeroPoints, axis: axis)
    }

    /// The bytes of buffer `index`, inline or (TFLite's >2 GB scheme) at an
    /// offset from the start of the file; `nil` for an empty buffer.
    private mutating func constantData(buffer index: Int) throws(ModelLoadError) -> [UInt8]? {
        if let cached = dataByBuffer[index] { return cached }
        let bufferCount = buffers?.count ?? 0
        guard let buffers, index < bufferCount else {
            throw .malformed("buffer index \(index) out of range (model has \(bufferCount) buffers)")
        }
        typealias B = TFLiteSchema.Buffer
        let table = try buffers.table(index, "buffer \(index)")
        let slice: ArraySlice<UInt8>
        let offset = try table.scalar(B.offset, default: UInt64(0))
        if offset > 1 {
            let size = try table.scalar(B.size, default: UInt64(0))
            guard let start = Int(exactly: offset), let count = Int(exactly: size) else {
                throw .malformed("buffer \(index) offset \(offset) size \(size) do not fit this platform")
            }
            slice = try file.bytes.bytes(at: start, count: count, "buffer \(index) data")
        } else {
            slice = try table.vector(B.data, elementWidth: 1, "buffer \(index) data")?.rawBytes() ?? []
        }
        guard !slice.isEmpty else { return nil }
        let data = Array(slice)
        dataByBuffer[index] = data
        return data
    }
}
