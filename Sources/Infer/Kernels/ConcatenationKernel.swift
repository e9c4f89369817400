import InferKernels

/// CONCATENATION of int8 tensors. Inputs quantized like the output are
/// copied; others are requantized in float as TFLite's ConcatenationWithScaling
/// does (TFLite itself only accepts that case for uint8). Inputs that their
/// producers wrote in place into their slice of the output are skipped.
final class ConcatenationKernel: RowPartitionedKernel, @unchecked Sendable {
    private let params: ik_concat_params
    private let inputSpecs: PinnedBuffer<ik_concat_input>
    let scratchByteCount = 0
    var rowCount: Int { Int(params.outer_size) }

    /// `inPlaceInputs`: positions of the inputs already in place.
    init(
        _ context: NodeContext, axis requestedAxis: Int, activation: FusedActivation, inPlaceInputs: Set<Int> = []
    ) throws(KernelError) {
        var p = ik_concat_params()
        guard !context.node.inputs.isEmpty, context.node.outputs.count == 1 else {
            throw context.error("needs at least one input and one output")
        }
        guard activation == .none else { throw context.error("fused activation \(activation) is not supported") }
        guard inPlaceInputs.allSatisfy(context.node.inputs.indices.contains) else {
            throw context.error("in-place inputs \(inPlaceInputs.sorted()) are not all inputs")
        }
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
            var spec = Self.inputSpec(from: (scale, zero), to: (outputScale, outputZero))
            spec.copy_size = Int64(input.shape[axis] * inner)
            spec.in_place = inPlaceInputs.contains(position) ? 1 : 0
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

    private static func inputSpec(
        from input: (scale: Float, zeroPoint: Int32), to output: (scale: Float, zeroPoint: Int32)
    ) -> ik_concat_input {
        var spec = ik_concat_input()
        if input != output {
            let ratio = input.scale * (1 / output.scale)
            spec.requantize = 1
            spec.scale = ratio
            spec.bias = -Float(input.zeroPoint) * ratio
        }
        return spec
    }

    /// What this kernel does to each value of an input quantized as `input`
    /// when the output is quantized as `output`, as a table indexed by
    /// q + 128; nil when it copies the values unchanged. Computed by the
    /// kernel's own code, so a producer applying it is bit-exact.
    static func requantization(
        from input: (scale: Float, zeroPoint: Int32), to output: (scale: Float, zeroPoint: Int32)
    ) -> [Int8]? {
        var spec = inputSpec(from: input, to: output)
        guard spec.requantize != 0 else { return nil }
        spec.copy_size = 1
        var p = ik_concat_params()
        p.outer_size = 256
        p.input_count = 1
        p.output_zero_point = output.zeroPoint
        let values = (-128...127).map { Int8($0) }
        var table = [Int8](repeating: 0, count: 256)
        withUnsafePointer(to: spec) { spec in
            p.inputs = spec
            values.withUnsafeBytes { source in
                table.withUnsafeMutableBufferPointer { destination in
                    let inputs: [UnsafeRawPointer?] = [source.baseAddress]
                    inputs.withUnsafeBufferPointer { inputs in
                        ik_concat_run_rows(&p, inputs.baseAddress, destination.baseAddress, 0, 256)
                    }
                }
            }
        }
        return table
    }

    func run(_ io: KernelIO, rows: Range<Int>) {
        withUnsafePointer(to: params) { params in
            ik_concat_run_rows(
                params, io.inputs.baseAddress, io.int8Output(), Int64(rows.lowerBound), Int64(rows.upperBound))
        }
    }
}
