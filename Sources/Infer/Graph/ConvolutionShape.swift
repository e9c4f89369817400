/// The geometry of one CONV_2D node and the multiply-accumulates it does,
/// read from the graph's tensors, so a profile can say how close a
/// convolution runs to the machine's peak MAC rate.
public struct ConvolutionShape: Hashable, Sendable {
    /// The feature map the step reads: before a folded PAD, if there is one.
    public var inputHeight: Int, inputWidth: Int
    public var inputChannels: Int, outputChannels: Int
    public var kernelHeight: Int, kernelWidth: Int
    public var strideHeight: Int, strideWidth: Int
    /// Input channels over the filter's input channels (1 unless grouped).
    public var groups: Int
    /// Output pixels over the batch: each does one dot product per output channel.
    public var outputPixels: Int

    /// The node's shape, or nil unless it is a CONV_2D. `fused` are the nodes
    /// folded into its step (`Engine.schedule`): a PAD among them is the
    /// convolution's padding, so its input is the map the step reads.
    public init?(node index: Int, fusedWith fused: [Int] = [], in graph: Graph) {
        let node = graph.nodes[index]
        guard case .conv2D(let options) = node.op else { return nil }
        let filter = graph.tensors[node.inputs[1]].shape  // OHWI
        let output = graph.tensors[node.outputs[0]].shape
        let pad = fused.first { graph.nodes[$0].op == .pad }
        let input = graph.tensors[pad.map { graph.nodes[$0].inputs[0] } ?? node.inputs[0]].shape
        inputHeight = input[1]
        inputWidth = input[2]
        inputChannels = input[3]
        outputChannels = filter[0]
        kernelHeight = filter[1]
        kernelWidth = filter[2]
        strideHeight = options.strideH
        strideWidth = options.strideW
        groups = input[3] / filter[3]
        outputPixels = output[0] * output[1] * output[2]
    }

    /// Output pixels × Cout × Cin × kh × kw / groups: each output value sums
    /// Cin / groups × kh × kw products.
    public var multiplyAccumulates: Int {
        outputPixels * outputChannels * inputChannels * kernelHeight * kernelWidth / groups
    }

    /// "80x80 32→64 3x3/2" (input, channels, kernel, stride).
    public var label: String {
        let stride = strideHeight == strideWidth ? "\(strideHeight)" : "\(strideHeight)x\(strideWidth)"
        let grouping = groups == 1 ? "" : " g\(groups)"
        return "\(inputHeight)x\(inputWidth) \(inputChannels)→\(outputChannels) "
            + "\(kernelHeight)x\(kernelWidth)/\(stride)\(grouping)"
    }
}
