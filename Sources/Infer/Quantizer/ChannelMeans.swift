/// Per-channel sums of NHWC tensors (channels innermost) over runs, for the
/// mean output of each convolution channel.
struct ChannelMeans: Sendable {
    private(set) var sums: [Double]
    private(set) var count = 0

    init(channels: Int) {
        sums = Array(repeating: 0, count: channels)
    }

    mutating func add(_ values: [Float]) {
        let channels = sums.count
        for (index, value) in values.enumerated() { sums[index % channels] += Double(value) }
        count += values.count / channels
    }

    var means: [Double] { sums.map { count > 0 ? $0 / Double(count) : 0 } }
}
