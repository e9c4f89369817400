/// TFLite's STRIDED_SLICE index rules. First the spec is expanded to one entry
/// per axis: an ellipsis covers the axes the spec leaves out, a new axis adds a
/// size-1 axis, and axes past the spec are taken whole. Then per axis:
/// negative indices count from the end, indices clamp to the axis, masks select
/// the whole axis, `offset` makes `end` relative to `begin`, shrink takes one
/// element and drops the axis.
struct StridedSliceGeometry {
    /// The input shape with the new axes inserted.
    var effectiveShape: [Int] = []
    var start: [Int] = []
    var step: [Int] = []
    /// Elements taken per effective axis (1 on shrunk and new axes).
    var counts: [Int] = []
    /// `counts` without the shrunk axes.
    var outputShape: [Int] = []

    init(
        inputShape: [Int], begin: [Int], end: [Int], strides: [Int], options: StridedSliceOptions,
        _ context: NodeContext
    ) throws(KernelError) {
        guard begin.count == end.count, strides.count == begin.count, begin.count <= 31 else {
            throw context.error("begin, end and strides must have the same length (at most 31)")
        }
        let axes = try Self.expand(
            inputShape: inputShape, begin: begin, end: end, strides: strides, options: options, context)
        for axis in axes {
            let size = axis.size, stride = axis.stride
            guard stride != 0 else { throw context.error("a stride is 0") }
            var first = axis.begin < 0 ? axis.begin + size : axis.begin
            first = stride > 0 ? min(max(first, 0), size) : min(max(first, -1), size - 1)
            if axis.beginMask { first = stride > 0 ? 0 : size - 1 }

            let count: Int
            if axis.shrink {
                guard first >= 0, first < size else { throw context.error("a shrunk axis index is out of range") }
                count = 1
            } else {
                var last = options.offset ? axis.end + first : axis.end
                if last < 0 { last += size }
                last = stride > 0 ? min(max(last, 0), size) : min(max(last, -1), size - 1)
                if axis.endMask { last = stride > 0 ? size : -1 }
                let span = last - first
                count = max(0, span / stride + (span % stride != 0 ? 1 : 0))
                outputShape.append(count)
            }
            effectiveShape.append(size)
            start.append(count > 0 ? first : 0)
            step.append(stride)
            counts.append(count)
        }
    }

    private struct Axis {
        var size: Int
        var begin = 0, end = 0, stride = 1
        var beginMask = false, endMask = false, shrink = false
    }

    /// One entry per effective axis, as TFLite's BuildStridedSliceParams.
    private static func expand(
        inputShape: [Int], begin: [Int], end: [Int], strides: [Int], options: StridedSliceOptions,
        _ context: NodeContext
    ) throws(KernelError) -> [Axis] {
        let specCount = begin.count
        func bit(_ mask: Int32, _ index: Int) -> Bool { index < 32 && mask & (Int32(1) << Int32(index)) != 0 }
        let addedAxisCount = (0..<specCount).filter {
            !bit(options.ellipsisMask, $0) && bit(options.newAxisMask, $0)
        }.count
        // Spec entries past the effective rank are ignored, as in TFLite.
        let rank = inputShape.count + addedAxisCount

        // Which effective axes the ellipsis covers, and which are new.
        var ellipsisAxes = Set<Int>(), newAxes = Set<Int>()
        var ellipsisStart = rank, ellipsisExtra = 0
        var axis = 0
        while axis < rank {
            if bit(options.ellipsisMask, axis) {
                ellipsisStart = axis
                let ellipsisEnd = max(axis + 1, min(axis + 1 + addedAxisCount + inputShape.count - specCount, rank))
                ellipsisExtra = ellipsisEnd - ellipsisStart - 1
                ellipsisAxes.formUnion(axis..<ellipsisEnd)
                axis = ellipsisEnd
                continue
            }
            if bit(options.newAxisMask, axis - ellipsisExtra) { newAxes.insert(axis) }
            axis += 1
        }

        var axes: [Axis] = []
        var insertedAxes = 0
        for axis in 0..<rank {
            if newAxes.contains(axis) && !ellipsisAxes.contains(axis) {
                axes.append(Axis(size: 1, begin: 0, end: 1))
                insertedAxes += 1
                continue
            }
            let inputAxis = axis - insertedAxes
            guard inputShape.indices.contains(inputAxis) else { throw context.error("slice spec does not fit the input rank") }
            let size = inputShape[inputAxis]
            if ellipsisAxes.contains(axis) || axis >= specCount + ellipsisExtra {
                axes.append(Axis(size: size, beginMask: true, endMask: true))
            } else {
                let spec = axis > ellipsisStart ? axis - ellipsisExtra : axis
                axes.append(Axis(
                    size: size, begin: begin[spec], end: end[spec], stride: strides[spec],
                    beginMask: bit(options.beginMask, spec), endMask: bit(options.endMask, spec),
                    shrink: bit(options.shrinkAxisMask, spec)))
            }
        }
        return axes
    }
}
