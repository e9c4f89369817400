import InferKernels

/// CONCATENATION of int8 tensors. Inputs quantized like the output are
/// copied; others are requantized in float as TFLite's ConcatenationWithScaling
/// does (TFLite itself only accepts that case for uint8).
final class ConcatenationKernel: RowPartitionedKernel, @unchecked Sendable {
    private let params: ik_concat_params
    private let inputSpecs: PinnedBuffer<ik_concat_input>
    let scratchByteCount = 0
    var rowCount: Int { Int(params.outer_size) }

    init(_ context: NodeContext, axis requestedAxis: Int, activation: FusedActivation) throws(KernelError) {
        var p = ik_concat_params()
        guard !context.node.inputs.isEmpty, context.node.outputs.count == 1 else {
            throw context.error("needs at least one input and one output")
        }
        guard activation == .none else { throw context.error("fused activation \(activation) is not supported") }
        let output = try context.output()
        let (outputScale, outputZero) = try context.affine(output)
        let rank = output.shape.count
        let axis = requestedAxis < 0 ? requestedAxis + rank : requestedAxis
        guard (0..<rank).contains(axis) else { throw context.error("axis \(requestedAxis) outside rank \(rank)") }
        let inner = output.shape[(axis + 1)...].reduce(1, *)
        var specs: [ik_concat_input] = []
        var axisTotal = 0
        for position in context.node.inputs.indices {
            let input = try context.input(position)
            let (scale, zero) = try context.affine(input)
            guard input.shape.count == rank,
                  input.shape.indices.allSatisfy({ $0 == axis || input.shape[$0] == output.shape[$0] })
            else { throw context.error("input \(position) shape \(input.shape) does not fit output \(output.shape)") }
            axisTotal += input.shape[axis]
            var spec = ik_concat_input()
            spec.copy_size = Int64(input.shape[axis] * inner)
            if scale != outputScale || zero != outputZero {
                let ratio = scale * (1 / outputScale)
                spec.requantize = 1
                spec.scale = ratio
                spec.bias = -Float(zero) * ratio
            }
            specs.append(spec)
        }
        guard axisTotal == output.shape[axis] else {
            throw context.error("inputs add up to \(axisTotal) along axis \(axis), output has \(output.shape[axis])")
        }
        inputSpecs = PinnedBuffer(specs)
        p.outer_size = Int64(output.shape[..<axis].reduce(1, *))
        p.input_count = Int32(specs.count)
        p.output_zero_point = outputZero
        p.inputs = UnsafePointer(inputSpecs.pointer)
        params = p
    }

    func run(_ io: KernelIO) {
        run(io, rows: 0..<rowCount)
    }

    func run(_ io: KernelIO, rows: Range<Int>) {
        withUnsafePointer(to: params) { params in
            ik_concat_run_rows(
                params, io.inputs.baseAddress, io.int8Output(), Int64(rows.lowerBound), Int64(rows.upperBound))
        }
    }
}
