import Infer

/// One IR node bound to its float kernel, with everything that does not
/// depend on the input precomputed.
struct FloatStep: Sendable {
    private enum Kernel: Sendable {
        case convolution(FloatConvolution)
        case depthwiseConvolution(FloatDepthwiseConvolution)
        case batchMatMul(FloatBatchMatMul)
        case pad(FloatPad)
        case logistic
        case binary(FloatBinary)
        /// Strided slice, transpose, resize: pure data movement, as gathers
        /// by precomputed source indices.
        case gather(IndexMap)
        case concatenation(FloatConcatenation)
        case copy
        case maxPool(FloatMaxPool)
        case softmax(axisSize: Int, beta: Float)
    }

    private let kernel: Kernel
    let nodeIndex: Int
    /// Element counts of the inputs and the output, from the graph's shapes.
    let inputCounts: [Int]
    let outputCount: Int

    init(nodeIndex: Int, graph: Graph, constants: [Int: [Float]]) throws(FloatExecutionError) {
        let node = graph.nodes[nodeIndex]
        func fail(_ reason: String) -> FloatExecutionError {
            .unsupportedNode(index: nodeIndex, op: node.op.name, reason: reason)
        }
        func shape(_ position: Int) -> [Int] { graph.tensors[node.inputs[position]].shape }
        func integers(_ position: Int) throws(FloatExecutionError) -> [Int] {
            guard position < node.inputs.count, node.inputs[position] >= 0,
                let values = graph.tensors[node.inputs[position]].integerValues()
            else { throw fail("operand \(position) must be a constant integer tensor") }
            return values
        }
        guard !node.inputs.isEmpty, node.outputs.count == 1 else { throw fail("expects inputs and one output") }
        for tensor in node.inputs + node.outputs where tensor >= 0 {
            guard tensor < graph.tensors.count else { throw fail("tensor index \(tensor) is out of range") }
        }
        let outputShape = graph.tensors[node.outputs[0]].shape
        self.nodeIndex = nodeIndex
        // Integer operands (paddings, bounds, permutations) are read here, not passed at run time.
        inputCounts = node.inputs.map { tensor in
            tensor >= 0 && graph.tensors[tensor].type == .float32 ? graph.tensors[tensor].elementCount : 0
        }
        outputCount = outputShape.reduce(1, *)
        for tensor in node.outputs where graph.tensors[tensor].type != .float32 {
            throw fail("output \(graph.tensors[tensor].name) is \(graph.tensors[tensor].type), not float32")
        }

        switch node.op {
        case .conv2D(let options):
            guard node.inputs.count >= 2, let filter = constants[node.inputs[1]], shape(1).count == 4, shape(0).count == 4,
                outputShape.count == 4
            else {
                throw fail("needs a 4-D input and output and a constant float filter")
            }
            let bias = node.inputs.count > 2 && node.inputs[2] >= 0 ? constants[node.inputs[2]] : nil
            guard options.activation == .none else { throw fail("fused activations are not supported") }
            guard shape(0)[3] == shape(1)[3], outputShape[3] == shape(1)[0], outputShape[0] == shape(0)[0],
                bias.map({ $0.count == shape(1)[0] }) ?? true,
                (shape(0) + shape(1) + outputShape).allSatisfy({ $0 >= 1 && $0 < 1 << 24 }),
                [options.strideH, options.strideW, options.dilationH, options.dilationW].allSatisfy({ $0 >= 1 && $0 < 1 << 16 })
            else {
                throw fail("input \(shape(0)), filter \(shape(1)), output \(outputShape) and bias do not fit together")
            }
            kernel = .convolution(FloatConvolution(
                options: options, input: shape(0), output: outputShape, filterShape: shape(1), filterOHWI: filter, bias: bias))
        case .depthwiseConv2D(let options):
            guard node.inputs.count >= 2, let filter = constants[node.inputs[1]], shape(0).count == 4,
                shape(1).count == 4, outputShape.count == 4
            else {
                throw fail("needs a 4-D input and output and a constant float filter")
            }
            let bias = node.inputs.count > 2 && node.inputs[2] >= 0 ? constants[node.inputs[2]] : nil
            guard options.activation == .none else { throw fail("fused activations are not supported") }
            guard shape(1)[0] == shape(0)[3], shape(1)[3] == 1, outputShape[3] == shape(0)[3], outputShape[0] == shape(0)[0],
                bias.map({ $0.count == shape(0)[3] }) ?? true,
                [options.strideH, options.strideW, options.dilationH, options.dilationW].allSatisfy({ $0 >= 1 && $0 < 1 << 16 })
            else {
                throw fail("input \(shape(0)), filter \(shape(1)), output \(outputShape) and bias do not fit together")
            }
            kernel = .depthwiseConvolution(FloatDepthwiseConvolution(
                options: options, input: shape(0), output: outputShape, filterShape: shape(1), filter: filter, bias: bias))
        case .batchMatMul(let adjointLeft, let adjointRight):
            guard node.inputs.count == 2,
                let product = BatchMatMulShape(left: shape(0), right: shape(1), adjointLeft: adjointLeft, adjointRight: adjointRight),
                product.outputShape == outputShape
            else { throw fail("operands \(shape(0)) and \(shape(1)) do not multiply into \(outputShape)") }
            kernel = .batchMatMul(FloatBatchMatMul(shape: product))
        case .pad:
            let paddings = try integers(1)
            guard paddings.count == 2 * shape(0).count, outputShape.count == shape(0).count, paddings.allSatisfy({ $0 >= 0 }) else {
                throw fail("paddings \(paddings) do not fit input \(shape(0))")
            }
            kernel = .pad(FloatPad(input: shape(0), output: outputShape, paddings: paddings))
        case .logistic:
            kernel = .logistic
        case .add(let activation), .sub(let activation), .mul(let activation):
            guard activation == .none, node.inputs.count == 2 else { throw fail("needs two inputs and no fused activation") }
            kernel = .binary(FloatBinary(op: node.op, left: shape(0), right: shape(1), output: outputShape))
        case .concatenation(let axis, let activation):
            guard activation == .none, axis >= 0, axis < outputShape.count,
                node.inputs.indices.allSatisfy({ shape($0).count == outputShape.count })
            else { throw fail("invalid axis \(axis) or input ranks") }
            kernel = .concatenation(FloatConcatenation(inputs: node.inputs.indices.map(shape), axis: axis))
        case .stridedSlice(let options):
            guard options == StridedSliceOptions() else { throw fail("slice masks are not supported") }
            let (begin, strides) = (try integers(1), try integers(3))
            let inputStrides = TensorIndexing.strides(of: shape(0))
            let offset = zip(begin, inputStrides).map(*).reduce(0, +)
            guard begin.count == outputShape.count, strides.count == outputShape.count, begin.allSatisfy({ $0 >= 0 }) else {
                throw fail("slice operands do not match rank \(outputShape.count)")
            }
            kernel = .gather(IndexMap(TensorIndexing.gatherIndices(
                shape: outputShape, strides: zip(inputStrides, strides).map(*)).map { $0 + offset }))
        case .reshape:
            guard outputCount == inputCounts[0] else { throw fail("reshape changes the element count") }
            kernel = .copy
        case .transpose:
            let permutation = try integers(1)
            guard permutation.sorted() == Array(0..<shape(0).count) else { throw fail("invalid permutation \(permutation)") }
            kernel = .gather(IndexMap(TensorIndexing.transposeIndices(shape: shape(0), permutation: permutation)))
        case .maxPool2D(let options):
            guard options.activation == .none, shape(0).count == 4, outputShape.count == 4,
                outputShape[0] == shape(0)[0], outputShape[3] == shape(0)[3],
                [options.strideH, options.strideW, options.filterH, options.filterW].allSatisfy({ $0 >= 1 })
            else { throw fail("input \(shape(0)) and output \(outputShape) do not fit a 2-D pool") }
            kernel = .maxPool(FloatMaxPool(options: options, input: shape(0), output: outputShape))
        case .resizeNearestNeighbor(let options):
            guard options == ResizeOptions() else { throw fail("align_corners and half_pixel_centers are not supported") }
            guard shape(0).count == 4, outputShape.count == 4, outputShape[0] == shape(0)[0], outputShape[3] == shape(0)[3] else {
                throw fail("input \(shape(0)) and output \(outputShape) do not fit a 2-D resize")
            }
            kernel = .gather(IndexMap(FloatResize.sourceIndices(input: shape(0), output: outputShape)))
        case .softmax(let beta):
            kernel = .softmax(axisSize: outputShape.last ?? 1, beta: beta)
        case .quantize, .dequantize, .lookupTable:
            throw fail("quantized ops do not run in float")
        }
    }

    /// The node's output; nil when an input does not have its planned size.
    func run(_ inputs: [[Float]]) -> [Float]? {
        guard zip(inputs, inputCounts).allSatisfy({ $0.count == $1 }) else { return nil }
        switch kernel {
        case .convolution(let convolution):
            var output = [Float](repeating: 0, count: outputCount)
            convolution.run(input: inputs[0], output: &output)
            return output
        case .depthwiseConvolution(let convolution): return convolution.run(inputs[0])
        case .batchMatMul(let product): return product.run(inputs[0], inputs[1])
        case .pad(let pad): return pad.run(inputs[0])
        case .logistic: return FloatArithmetic.logistic(inputs[0])
        case .binary(let binary): return binary.run(inputs[0], inputs[1])
        case .gather(let map): return map.gather(inputs[0])
        case .concatenation(let concatenation): return concatenation.run(inputs)
        case .copy: return inputs[0]
        case .maxPool(let pool): return pool.run(inputs[0])
        case .softmax(let axisSize, let beta): return FloatSoftmax.run(inputs[0], axisSize: axisSize, beta: beta)
        }
    }
}
