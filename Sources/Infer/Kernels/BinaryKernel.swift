import InferKernels

/// Int8 ADD, SUB and MUL with TFLite's reference rescaling and NumPy-style
/// broadcasting up to rank 6.
///
/// Results come from a table filled at load with TFLite's arithmetic: 64 KB
/// for every pair of int8 values; 256 bytes per value when one operand is a
/// constant of fewer than 256 values. None where the CPU has a SIMD line
/// variant for the op (AVX-512), or for an op with fewer elements than half
/// the pairs: these compute each element (the same arithmetic, so the same
/// bytes).
final class BinaryKernel: RowPartitionedKernel, @unchecked Sendable {
    private let params: ik_binary_params
    /// Constant operands (e.g. the head's anchor grids), kept here so `run`
    /// never depends on the engine binding constants.
    private let constants: [PinnedBuffer<Int8>?]
    private let table: PinnedBuffer<Int8>?
    private let scaled: PinnedBuffer<Int32>?
    let scratchByteCount = 0
    let rowCount: Int

    /// `outputSlice`, `inputSlices` (by position): the output goes into, an
    /// input is read from, a slice of a wider tensor.
    init(
        _ context: NodeContext, outputSlice: TensorSlice? = nil, inputSlices: [Int: TensorSlice] = [:]
    ) throws(KernelError) {
        var p = ik_binary_params()
        try context.requireInputCount(2...2)
        let first = try context.input(0), second = try context.input(1), output = try context.output()
        let (scale1, zero1) = try context.affine(first)
        let (scale2, zero2) = try context.affine(second)
        let (outputScale, outputZero) = try context.affine(output)

        let activation: FusedActivation
        switch context.node.op {
        case .add(let fused): p.op = IK_BINARY_ADD; activation = fused
        case .sub(let fused): p.op = IK_BINARY_SUB; activation = fused
        case .mul(let fused): p.op = IK_BINARY_MUL; activation = fused
        default: throw context.error("not an elementwise binary op")
        }
        p.input1_offset = -zero1
        p.input2_offset = -zero2
        p.output_offset = outputZero
        let range = activationRange(activation, scale: outputScale, zeroPoint: outputZero)
        p.activation_min = range.lowerBound
        p.activation_max = range.upperBound

        if case .mul = context.node.op {
            let output = QuantizedMultiplier(Double(scale1) * Double(scale2) / Double(outputScale))
            p.output_multiplier = output.multiplier
            p.output_shift = output.shift
        } else {
            // TFLite's 8-bit ADD/SUB: both inputs to a common scale of twice the
            // larger input scale, with 20 bits of headroom.
            let leftShift = 20
            let twiceMaxScale = 2 * Double(max(scale1, scale2))
            let input1 = QuantizedMultiplier(Double(scale1) / twiceMaxScale)
            let input2 = QuantizedMultiplier(Double(scale2) / twiceMaxScale)
            let output = QuantizedMultiplier(twiceMaxScale / (Double(1 << leftShift) * Double(outputScale)))
            p.left_shift = Int32(leftShift)
            (p.input1_multiplier, p.input1_shift) = (input1.multiplier, input1.shift)
            (p.input2_multiplier, p.input2_shift) = (input2.multiplier, input2.shift)
            (p.output_multiplier, p.output_shift) = (output.multiplier, output.shift)
        }
        let strides = try [first, second].enumerated().map { position, tensor throws(KernelError) in
            guard let slice = inputSlices[position] else { return broadcastStrides(tensor.shape) }
            guard let strides = slice.strides(ofRowMajor: tensor.shape) else {
                throw context.error("input \(position) \(tensor.shape) does not map onto rows of \(slice.rowBytes) bytes")
            }
            return strides
        }
        try Self.bindBroadcast(
            &p, (first.shape, strides[0]), (second.shape, strides[1]), output.shape, outputSlice: outputSlice, context)
        var operands = try [first, second].map { tensor throws(KernelError) in
            try tensor.isConstant ? context.constantBytes(tensor).map { Int8(bitPattern: $0) } : nil
        }
        // A constant operand with fewer than 256 distinct values (the head's
        // strides, a scalar) indexes a table of that many rows, stored as row
        // numbers, rather than a row for each of the 256 int8 values.
        let rowOperand = operands.indices.filter { operands[$0] != nil }.map { position in
            (position: position, distinct: Array(Set(operands[position]!)).sorted())
        }.min { $0.distinct.count < $1.distinct.count }
        var scaledValues: PinnedBuffer<Int32>?
        if let rowOperand, rowOperand.distinct.count < 256 {
            p.row_input = Int32(rowOperand.position + 1)
            let rows = PinnedBuffer<Int8>(count: rowOperand.distinct.count * 256, repeating: 0)
            ik_binary_fill_rows(&p, rowOperand.distinct, Int32(rowOperand.distinct.count), rows.pointer)
            table = rows
            let rowOf = Dictionary(uniqueKeysWithValues: rowOperand.distinct.enumerated().map { ($1, $0) })
            operands[rowOperand.position] = operands[rowOperand.position]!.map { Int8(truncatingIfNeeded: rowOf[$0]!) }
        } else if ik_binary_computes_lines(&p) != 0 || 2 * output.elementCount < Int(IK_BINARY_TABLE_SIZE) {
            // SIMD lines compute faster than a table is read (a residual ADD on
            // AVX-512). Elsewhere a table more than twice the op's data (the
            // head's two 16,800-element ops) costs more memory than computing
            // each element in C costs time; `scaled` serves that C loop.
            table = nil
            if p.op != IK_BINARY_MUL {
                let values = PinnedBuffer<Int32>(count: Int(IK_BINARY_SCALED_SIZE), repeating: 0)
                ik_binary_fill_scaled(&p, values.pointer)
                p.scaled = UnsafePointer(values.pointer)
                scaledValues = values
            }
        } else {
            let pairs = PinnedBuffer<Int8>(count: Int(IK_BINARY_TABLE_SIZE), repeating: 0)
            ik_binary_fill_table(&p, pairs.pointer)
            table = pairs
        }
        p.table = table.map { UnsafePointer($0.pointer) }
        scaled = scaledValues
        params = p
        rowCount = Int(ik_binary_row_count(&p))
        constants = operands.map { $0.map { PinnedBuffer($0) } }
    }

    /// Bytes of the result table: 64 KB, 256 per distinct value of a constant
    /// operand, or none for a small op.
    var tableByteCount: Int { table?.count ?? 0 }

    func run(_ io: KernelIO, rows: Range<Int>) {
        withUnsafePointer(to: params) { params in
            ik_binary_run_rows(
                params, operand(0, io), operand(1, io), io.int8Output(), Int64(rows.lowerBound), Int64(rows.upperBound))
        }
    }

    func readsInputAtRunTime(_ position: Int) -> Bool { constants[position] == nil }

    var constantByteCount: Int { constants.reduce(0) { $0 + ($1?.count ?? 0) } }

    private func operand(_ position: Int, _ io: KernelIO) -> UnsafePointer<Int8> {
        constants[position].map { UnsafePointer($0.pointer) } ?? io.int8Input(position)
    }

    private static func bindBroadcast(
        _ params: inout ik_binary_params, _ first: (shape: [Int], strides: [Int]),
        _ second: (shape: [Int], strides: [Int]), _ outputShape: [Int], outputSlice: TensorSlice?,
        _ context: NodeContext
    ) throws(KernelError) {
        let (shape1, shape2) = (first.shape, second.shape)
        let rank = Int(IK_BINARY_MAX_RANK)
        guard shape1.count <= rank, shape2.count <= rank, outputShape.count <= rank else {
            throw context.error("rank above \(rank) is not supported")
        }
        let padded1 = Array(repeating: 1, count: rank - shape1.count) + shape1
        let padded2 = Array(repeating: 1, count: rank - shape2.count) + shape2
        var broadcast: [Int] = []
        for (a, b) in zip(padded1, padded2) {
            guard a == b || a == 1 || b == 1 else {
                throw context.error("shapes \(shape1) and \(shape2) do not broadcast")
            }
            broadcast.append(a == 1 ? b : a)
        }
        guard broadcast.reduce(1, *) == outputShape.reduce(1, *),
              Array(broadcast.drop(while: { $0 == 1 })) == Array(outputShape.drop(while: { $0 == 1 }))
        else { throw context.error("output shape \(outputShape) is not the broadcast shape \(broadcast)") }
        var layout = BroadcastLayout(
            shape: broadcast, strides1: Array(repeating: 0, count: rank - shape1.count) + first.strides,
            strides2: Array(repeating: 0, count: rank - shape2.count) + second.strides
        ).coalesced()
        // Into a slice, every line must end within one run of it; both are
        // products of trailing dimensions, so their divisor is a line length.
        let slice = outputSlice.flatMap { $0.rows > 1 ? $0 : nil }
        let line = layout.shape[layout.shape.count - 1]
        if layout.shape.count < rank {
            layout = layout.splittingInnermost(atMost: slice.map { greatestCommonDivisor(line, $0.rowBytes) } ?? 8192)
        }
        if let slice {
            guard slice.rowBytes % layout.shape[layout.shape.count - 1] == 0 else {
                throw context.error("cannot write lines of \(line) into runs of \(slice.rowBytes) bytes")
            }
            params.output_row_bytes = Int64(slice.rowBytes)
            params.output_row_stride = Int64(slice.rowStride)
        }
        let lead = rank - layout.shape.count
        withUnsafeMutableBytes(of: &params.output_shape) { fill($0, Array(repeating: 1, count: lead) + layout.shape) }
        withUnsafeMutableBytes(of: &params.input1_strides) { fill($0, Array(repeating: 0, count: lead) + layout.strides1) }
        withUnsafeMutableBytes(of: &params.input2_strides) { fill($0, Array(repeating: 0, count: lead) + layout.strides2) }
    }
}

/// The output shape of a broadcast binary op and each input's strides along it.
struct BroadcastLayout: Equatable {
    var shape: [Int]
    var strides1: [Int]
    var strides2: [Int]

    /// Adjacent axes that both inputs walk as one merged into one, so that
    /// the kernel's innermost loop runs as long as the memory allows
    /// (a residual ADD of two [1, 160, 160, 16] tensors is one line).
    func coalesced() -> BroadcastLayout {
        var result = BroadcastLayout(shape: [shape[0]], strides1: [strides1[0]], strides2: [strides2[0]])
        for axis in shape.indices.dropFirst() {
            let last = result.shape.count - 1
            if strides1[axis] * shape[axis] == result.strides1[last], strides2[axis] * shape[axis] == result.strides2[last] {
                result.shape[last] *= shape[axis]
                result.strides1[last] = strides1[axis]
                result.strides2[last] = strides2[axis]
            } else {
                result.shape.append(shape[axis])
                result.strides1.append(strides1[axis])
                result.strides2.append(strides2[axis])
            }
        }
        return result
    }

    /// The innermost axis split in two, its inner part the largest divisor up
    /// to `limit`, so that a long line still splits over threads.
    func splittingInnermost(atMost limit: Int) -> BroadcastLayout {
        guard let length = shape.last, length > limit else { return self }
        let inner = stride(from: limit, to: 0, by: -1).first { length % $0 == 0 }!
        var result = self
        result.shape[shape.count - 1] = length / inner
        result.shape.append(inner)
        result.strides1.append(strides1[shape.count - 1])
        result.strides2.append(strides2[shape.count - 1])
        result.strides1[shape.count - 1] *= inner
        result.strides2[shape.count - 1] *= inner
        return result
    }
}

private func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
    b == 0 ? a : greatestCommonDivisor(b, a % b)
}

/// Row-major element strides of `shape`, 0 along size-1 axes (broadcast).
func broadcastStrides(_ shape: [Int]) -> [Int] {
    var strides = Array(repeating: 0, count: shape.count)
    var step = 1
    for axis in shape.indices.reversed() {
        strides[axis] = shape[axis] == 1 ? 0 : step
        step *= shape[axis]
    }
    return strides
}

/// Writes `values` into a fixed-size C array of int64.
func fill(_ array: UnsafeMutableRawBufferPointer, _ values: [Int]) {
    let target = array.bindMemory(to: Int64.self)
    for (index, value) in values.enumerated() { target[index] = Int64(value) }
}
