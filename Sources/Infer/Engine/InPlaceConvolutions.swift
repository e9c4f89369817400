/// Where a tensor lives inside another one's buffer: `offset` bytes past the
/// start of tensor `base`, whose buffer grows to hold it.
struct BufferOverlap: Equatable {
    var base: Int
    var offset: Int
}

/// Lets a convolution that one thread runs write its output over its own
/// input, which it has read by then.
///
/// The convolution kernel stages the input rows of each output row into
/// scratch before it writes that row, so the output may start up to
/// `Conv2DKernel.inputLead` bytes before the input and overwrite the rows
/// that no later output row reads. YOLOv8's first convolution (a 1.2 MB
/// input, a 1.6 MB output at 640) then needs 1.7 MB instead of 2.9: that step
/// was the arena's peak.
///
/// Only where the rows run in order: a convolution split over threads runs
/// rows out of order and keeps its own buffers. The input must be read by
/// this step alone and be no graph output, and neither tensor may take part
/// in a slice. The shared buffer is as large as the larger of the two for
/// both lifetimes, so it must be next to the size of each wherever that one
/// lives apart from this step (within 1/16): the image, which lives from
/// this step on, into a slightly larger output, or 3x3 convolutions that keep
/// the size. An input may hold an earlier input itself. A run then leaves the
/// input overwritten: callers fill it before every run.
enum InPlaceConvolutions {
    /// The input of every such convolution, placed in its output's buffer.
    static func overlaps(
        steps: [ExecutionStep], kernels: [any Kernel], rowsInOrder: [Bool], slices: [Int: TensorSlice], graph: Graph
    ) -> [Int: BufferOverlap] {
        let readers = steps.readersByTensor
        let sliced = Set(slices.keys).union(slices.values.map(\.base))
        var overlaps: [Int: BufferOverlap] = [:]
        var hosts: Set<Int> = []
        // Bytes of each host's buffer so far (its own, or more for what it holds).
        var extent: [Int: Int] = [:]
        for (index, step) in steps.enumerated() where rowsInOrder[index] {
            guard let lead = (kernels[index] as? Conv2DKernel)?.inputLead, step.outputs.count == 1,
                  let input = step.inputs.first, input >= 0, !graph.tensors[input].isConstant,
                  readers[input] == [index], !graph.outputs.contains(input)
            else { continue }
            let output = step.outputs[0]
            let offset = MemoryPlanner.align(lead, to: AlignedBuffer.alignment)
            guard !sliced.contains(input), !sliced.contains(output), overlaps[input] == nil,
                  overlaps[output] == nil, !hosts.contains(output)
            else { continue }
            let inputBytes = extent[input] ?? graph.tensors[input].byteCount
            let outputBytes = graph.tensors[output].byteCount
            let shared = max(outputBytes, offset + inputBytes)
            let inputBornHere = index == 0 && graph.inputs.contains(input)
            guard shared < inputBytes + outputBytes, shared - outputBytes <= outputBytes / 16,
                  inputBornHere || shared - inputBytes <= inputBytes / 16
            else { continue }
            extent[output] = shared
            overlaps[input] = BufferOverlap(base: output, offset: offset)
            hosts.insert(output)
        }
        return overlaps
    }
}
