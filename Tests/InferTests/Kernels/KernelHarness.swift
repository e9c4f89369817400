@testable import Infer

/// Runs `kernel` once the way the engine does: bound input/output addresses and
/// 64-byte aligned scratch. `nil` inputs are absent optional operands.
func execute(_ kernel: any Kernel, inputs: [[UInt8]?], outputByteCount: Int) -> [UInt8] {
    execute(kernel, inputs: inputs, outputByteCount: outputByteCount) { kernel.run($0) }
}

/// Rows 0..<rows (at least 3) in three parts taken out of order, one cutting
/// the middle and one of two rows at the end, as the pool's threads may take them.
func shuffledRowParts(_ rows: Int) -> [Range<Int>] {
    [(rows / 3)..<(rows - 2), (rows - 2)..<rows, 0..<(rows / 3)]
}

/// Runs a row-partitioned kernel in `parts`, in the order given, as threads would.
func execute(
    _ kernel: any RowPartitionedKernel, inputs: [[UInt8]?], outputByteCount: Int, parts: [Range<Int>]
) -> [UInt8] {
    execute(kernel, inputs: inputs, outputByteCount: outputByteCount) { io in
        for part in parts { kernel.run(io, rows: part) }
    }
}

private func execute(
    _ kernel: any Kernel, inputs: [[UInt8]?], outputByteCount: Int, _ body: (KernelIO) -> Void
) -> [UInt8] {
    let buffers = inputs.map { bytes -> UnsafeMutableRawPointer? in
        guard let bytes else { return nil }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 64)
        buffer.copyMemory(from: bytes, byteCount: bytes.count)
        return buffer
    }
    let output = UnsafeMutableRawPointer.allocate(byteCount: max(outputByteCount, 1), alignment: 64)
    let scratch = kernel.scratchByteCount > 0
        ? UnsafeMutableRawPointer.allocate(byteCount: kernel.scratchByteCount, alignment: 64) : nil
    defer {
        buffers.forEach { $0?.deallocate() }
        output.deallocate()
        scratch?.deallocate()
    }
    let inputPointers = buffers.map { $0.map(UnsafeRawPointer.init) }
    inputPointers.withUnsafeBufferPointer { inputs in
        [output].withUnsafeBufferPointer { outputs in
            body(KernelIO(inputs: inputs, outputs: outputs, scratch: scratch))
        }
    }
    return Array(UnsafeRawBufferPointer(start: output, count: outputByteCount))
}

/// Describes where two byte arrays differ, or `nil` when equal.
func firstDifference(_ got: [UInt8], _ want: [UInt8]) -> String? {
    guard got != want else { return nil }
    guard got.count == want.count else { return "\(got.count) bytes instead of \(want.count)" }
    let differing = zip(got, want).filter { $0 != $1 }.count
    let first = got.indices.first { got[$0] != want[$0] }!
    return "\(differing) of \(got.count) bytes differ, first at \(first): got \(Int8(bitPattern: got[first])), want \(Int8(bitPattern: want[first]))"
}
