import InferKernels

/// An int8 → int8 elementwise op run as a 256-entry table: LOGISTIC, QUANTIZE
/// (int8 → int8) and fused elementwise chains. The table is computed with the
/// op's own integer kernel, so lookup is bit-exact. Threads share it in rows
/// of `rowElements` elements.
final class LookupTableKernel: RowPartitionedKernel, @unchecked Sendable {
    /// Elements per row: enough that a row's lookup outweighs handing it to a thread.
    static let rowElements = 16_384

    /// table[q + 128] is the output for input q.
    private let table: PinnedBuffer<Int8>
    private let count: Int
    let scratchByteCount = 0
    let rowCount: Int

    init(table: [Int8], elementCount: Int) {
        self.table = PinnedBuffer(table)
        count = elementCount
        rowCount = max(1, (elementCount + Self.rowElements - 1) / Self.rowElements)
    }

    func run(_ io: KernelIO, rows: Range<Int>) {
        let begin = rows.lowerBound * Self.rowElements, end = min(rows.upperBound * Self.rowElements, count)
        guard begin < end else { return }
        ik_lookup_run(table.pointer, io.int8Input(0) + begin, io.int8Output() + begin, end - begin)
    }

    /// This table, then `epilogue` (a fused chain of elementwise ops), as one table.
    func followed(by epilogue: [Int8]?) -> LookupTableKernel {
        guard let epilogue else { return self }
        return LookupTableKernel(
            table: UnsafeBufferPointer(start: table.pointer, count: 256).map { epilogue[Int($0) + 128] },
            elementCount: count)
    }

    /// LOGISTIC, tabulated in single precision as TFLite's LUTPopulate does.
    static func logistic(_ context: NodeContext) throws(KernelError) -> LookupTableKernel {
        try context.requireInputCount(1...1)
        let input = try context.input(0), output = try context.output()
        let (inputScale, inputZero) = try context.affine(input)
        let (outputScale, outputZero) = try context.affine(output)
        try context.requireSameElementCount(input, output)
        guard outputScale == 1.0 / 256, outputZero == -128 else {
            throw context.error("int8 LOGISTIC output must have scale 1/256 and zero point -128")
        }
        var table = [Int8](repeating: 0, count: 256)
        table.withUnsafeMutableBufferPointer { ik_logistic_table(inputScale, inputZero, outputScale, outputZero, $0.baseAddress) }
        return LookupTableKernel(table: table, elementCount: input.elementCount)
    }

    /// LOOKUP_TABLE: the table is the node's constant operand.
    static func constantTable(_ context: NodeContext) throws(KernelError) -> LookupTableKernel {
        try context.requireInputCount(2...2)
        let input = try context.input(0), output = try context.output()
        try context.requireType(input, .int8)
        try context.requireType(output, .int8)
        try context.requireSameElementCount(input, output)
        return LookupTableKernel(table: try table(of: context), elementCount: input.elementCount)
    }

    /// The 256 entries of a LOOKUP_TABLE node's constant table operand.
    static func table(of context: NodeContext) throws(KernelError) -> [Int8] {
        let table = try context.input(1)
        guard table.type == .int8, table.elementCount == 256 else {
            throw context.error("the table '\(table.name)' must be 256 int8 values")
        }
        return try context.constantBytes(table).map { Int8(bitPattern: $0) }
    }

    /// QUANTIZE int8 → int8: TFLite's Requantize applied to every int8 value.
    static func requantize(_ context: NodeContext) throws(KernelError) -> LookupTableKernel {
        try context.requireInputCount(1...1)
        let input = try context.input(0), output = try context.output()
        let (inputScale, inputZero) = try context.affine(input)
        let (outputScale, outputZero) = try context.affine(output)
        try context.requireSameElementCount(input, output)
        let multiplier = QuantizedMultiplier(Double(inputScale) / Double(outputScale))
        let inputs = (-128...127).map { Int8($0) }
        var table = [Int8](repeating: 0, count: 256)
        table.withUnsafeMutableBufferPointer { out in
            ik_requantize_run(inputs, out.baseAddress, 256, inputZero, outputZero, multiplier.multiplier, multiplier.shift)
        }
        return LookupTableKernel(table: table, elementCount: input.elementCount)
    }
}
