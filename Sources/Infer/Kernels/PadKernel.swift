import InferKernels

/// PAD of an int8 tensor; padding takes the output zero point (real zero).
final class PadKernel: Kernel, @unchecked Sendable {
    private let params: ik_pad_params
    let scratchByteCount = 0

    init(_ context: NodeContext) throws(KernelError) {
        var p = ik_pad_params()
        try context.requireInputCount(2...2)
        let input = try context.input(0), output = try context.output()
        try requireSameQuantization(input, output, context)
        let paddings = try context.constantIntegers(1)
        let rank = input.shape.count, maxRank = Int(IK_LAYOUT_MAX_RANK)
        guard rank <= maxRank else { throw context.error("rank above \(maxRank) is not supported") }
        guard paddings.count == 2 * rank, paddings.allSatisfy({ $0 >= 0 }) else {
            throw context.error("paddings must be \(rank)x2 non-negative values, got \(paddings)")
        }
        let before = stride(from: 0, to: paddings.count, by: 2).map { paddings[$0] }
        let after = stride(from: 1, to: paddings.count, by: 2).map { paddings[$0] }
        let expected = input.shape.indices.map { before[$0] + input.shape[$0] + after[$0] }
        guard output.shape == expected else { throw context.error("output shape \(output.shape) is not \(expected)") }
        let lead = maxRank - rank
        withUnsafeMutableBytes(of: &p.input_shape) { fill($0, Array(repeating: 1, count: lead) + input.shape) }
        withUnsafeMutableBytes(of: &p.before) { fill($0, Array(repeating: 0, count: lead) + before) }
        withUnsafeMutableBytes(of: &p.after) { fill($0, Array(repeating: 0, count: lead) + after) }
        p.pad_value = Int8(try context.affine(output).zeroPoint)
        params = p
    }

    func run(_ io: KernelIO) {
        withUnsafePointer(to: params) { ik_pad_run($0, io.int8Input(0), io.int8Output()) }
    }
}
