import InferKernels

/// TRANSPOSE and STRIDED_SLICE: an int8 copy where each output axis walks the
/// input with its own (possibly negative) stride.
final class GatherKernel: RowPartitionedKernel, @unchecked Sendable {
    private let params: ik_gather_params
    let scratchByteCount = 0
    let rowCount: Int

    /// `shape[k]` output elements along axis k, taken from input element
    /// `offset + sum(index_k * strides[k])`, stored row-major or, given
    /// `outputSlice`, where the slice puts them.
    init(shape: [Int], strides: [Int], offset: Int, outputSlice: TensorSlice?, _ context: NodeContext) throws(KernelError) {
        var p = ik_gather_params()
        let rank = Int(IK_LAYOUT_MAX_RANK)
        guard shape.count <= rank else { throw context.error("rank above \(rank) is not supported") }
        let outputStrides = outputSlice.map { $0.strides(ofRowMajor: shape) } ?? rowMajorStrides(shape)
        guard let outputStrides else {
            throw context.error("the output \(shape) does not map onto rows of \(outputSlice?.rowBytes ?? 0) bytes")
        }
        let padding = rank - shape.count
        withUnsafeMutableBytes(of: &p.output_shape) { fill($0, Array(repeating: 1, count: padding) + shape) }
        withUnsafeMutableBytes(of: &p.input_strides) { fill($0, Array(repeating: 0, count: padding) + strides) }
        withUnsafeMutableBytes(of: &p.output_strides) { fill($0, Array(repeating: 0, count: padding) + outputStrides) }
        p.input_offset = Int64(offset)
        params = p
        rowCount = Int(ik_gather_row_count(&p))
    }

    func run(_ io: KernelIO, rows: Range<Int>) {
        withUnsafePointer(to: params) {
            ik_gather_run_rows($0, io.int8Input(0), io.int8Output(), Int64(rows.lowerBound), Int64(rows.upperBound))
        }
    }

    static func transpose(_ context: NodeContext, outputSlice: TensorSlice? = nil) throws(KernelError) -> GatherKernel {
        try context.requireInputCount(2...2)
        let input = try context.input(0), output = try context.output()
        try requireSameQuantization(input, output, context)
        let permutation = try context.constantIntegers(1)
        guard permutation.sorted() == Array(input.shape.indices) else {
            throw context.error("permutation \(permutation) is not a permutation of rank \(input.shape.count)")
        }
        let shape = permutation.map { input.shape[$0] }
        guard shape == output.shape else { throw context.error("output shape \(output.shape) is not \(shape)") }
        let inputStrides = rowMajorStrides(input.shape)
        return try GatherKernel(
            shape: shape, strides: permutation.map { inputStrides[$0] }, offset: 0, outputSlice: outputSlice, context)
    }

    static func stridedSlice(
        _ context: NodeContext, options: StridedSliceOptions, outputSlice: TensorSlice? = nil
    ) throws(KernelError) -> GatherKernel {
        try context.requireInputCount(4...4)
        let input = try context.input(0), output = try context.output()
        try requireSameQuantization(input, output, context)
        let slice = try StridedSliceGeometry(
            inputShape: input.shape, begin: context.constantIntegers(1), end: context.constantIntegers(2),
            strides: context.constantIntegers(3), options: options, context)
        guard slice.outputShape.reduce(1, *) == output.elementCount,
              slice.outputShape.filter({ $0 != 1 }) == output.shape.filter({ $0 != 1 })
        else { throw context.error("output shape \(output.shape) is not the slice shape \(slice.outputShape)") }
        let inputStrides = rowMajorStrides(slice.effectiveShape)
        let offset = zip(slice.start, inputStrides).reduce(0) { $0 + $1.0 * $1.1 }
        let strides = zip(slice.step, inputStrides).map { $0 * $1 }
        return try GatherKernel(shape: slice.counts, strides: strides, offset: offset, outputSlice: outputSlice, context)
    }
}

func rowMajorStrides(_ shape: [Int]) -> [Int] {
    var strides = Array(repeating: 1, count: shape.count)
    for axis in shape.indices.dropLast().reversed() { strides[axis] = strides[axis + 1] * shape[axis + 1] }
    return strides
}

/// Data movement keeps values, so input and output must be quantized alike.
func requireSameQuantization(_ input: Tensor, _ output: Tensor, _ context: NodeContext) throws(KernelError) {
    guard input.type == .int8, output.type == .int8 else { throw context.error("input and output must be int8") }
    let a = try context.affine(input), b = try context.affine(output)
    guard a.scale == b.scale, a.zeroPoint == b.zeroPoint else {
        throw context.error("input and output quantization differ (\(a) vs \(b))")
    }
}
