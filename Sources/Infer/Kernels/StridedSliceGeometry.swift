/// TFLite's STRIDED_SLICE index rules (StridedSliceStartForAxis/EndForAxis):
/// negative indices count from the end, indices clamp to the axis, masks
/// select the whole axis, `offset` makes `end` relative to `begin`, shrink
/// takes one element and drops the axis.
struct StridedSliceGeometry {
    var start: [Int] = []
    var step: [Int] = []
    /// Elements taken per input axis (1 on shrunk axes).
    var counts: [Int] = []
    /// `counts` without the shrunk axes.
    var outputShape: [Int] = []

    init(
        inputShape: [Int], begin: [Int], end: [Int], strides: [Int], options: StridedSliceOptions,
        _ context: NodeContext
    ) throws(KernelError) {
        let rank = inputShape.count
        guard begin.count == rank, end.count == rank, strides.count == rank else {
            throw context.error("begin/end/strides must each have \(rank) values")
        }
        guard options.ellipsisMask == 0, options.newAxisMask == 0 else {
            throw context.error("ellipsis and new-axis masks are not supported")
        }
        for axis in 0..<rank {
            let size = inputShape[axis], stride = strides[axis]
            guard stride != 0 else { throw context.error("stride of axis \(axis) is 0") }
            let bit = Int32(1) << Int32(axis)
            var first = begin[axis] < 0 ? begin[axis] + size : begin[axis]
            first = stride > 0 ? min(max(first, 0), size) : min(max(first, -1), size - 1)
            if options.beginMask & bit != 0 { first = stride > 0 ? 0 : size - 1 }

            let count: Int
            if options.shrinkAxisMask & bit != 0 {
                guard first < size, first >= 0 else { throw context.error("shrunk axis \(axis) index out of range") }
                count = 1
            } else {
                var last = options.offset ? end[axis] + first : end[axis]
                if last < 0 { last += size }
                last = stride > 0 ? min(max(last, 0), size) : min(max(last, -1), size - 1)
                if options.endMask & bit != 0 { last = stride > 0 ? size : -1 }
                let span = last - first
                count = max(0, span / stride + (span % stride != 0 ? 1 : 0))
                outputShape.append(count)
            }
            start.append(count > 0 ? first : 0)
            step.append(stride)
            counts.append(count)
        }
    }
}
