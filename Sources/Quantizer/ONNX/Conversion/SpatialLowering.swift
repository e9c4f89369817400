import Infer

/// Conv, MaxPool and Resize: the ops that need NHWC feature maps.
extension ConversionContext {
    mutating func lowerConv(_ operands: NodeOperands) throws(ONNXError) -> RuntimeValue {
        let input = try operands.runtime(0)
        guard let weights = try operands.constant(1), weights.shape.count == 4, weights.isFloat else {
            throw operands.error("weights must be a constant float [out, in, kh, kw] tensor")
        }
        guard input.rank == 4 else { throw operands.error("only 2-D convolution (4-D input) is supported") }
        let (outChannels, inChannels, kernelH, kernelW) = (weights.shape[0], weights.shape[1], weights.shape[2], weights.shape[3])
        let group = try operands.int("group", default: 1)
        guard group >= 1, inChannels * group == input.shape[1] else {
            throw operands.error("\(group) groups of weights for \(inChannels) input channels do not fit an input of \(input.shape[1])")
        }
        // Of the grouped convolutions, the engine has the depthwise one (YOLO11's):
        // one group per channel, one filter per group.
        let depthwise = group > 1
        guard !depthwise || (inChannels == 1 && outChannels == group) else {
            throw operands.error(
                "grouped convolution of \(group) groups is not supported (only depthwise: one input and one output channel per group)")
        }
        if let kernelShape = try operands.ints("kernel_shape"), kernelShape != [kernelH, kernelW] {
            throw operands.error("kernel_shape \(kernelShape) does not match the weights")
        }
        let bias = try operands.constant(2)
        if let bias, bias.shape != [outChannels] || !bias.isFloat {
            throw operands.error("bias must be a constant float [\(outChannels)] tensor")
        }
        let window = try WindowGeometry(operands, input: input.shape, kernel: [kernelH, kernelW])

        var source = materialize(input, layout: Layout.channelsLast, name: "\(operands.outputName)/input")
        let padding: Padding
        if let implicit = window.implicitPadding {
            padding = implicit
        } else {
            // ONNX's symmetric pads at stride 2 are not TFLite SAME (which pads
            // the end first): pad explicitly, as TFLite exports do.
            source = pad(source, window: window, name: "\(operands.outputName)/pad")
            padding = .valid
        }
        // OIHW → OHWI, the IR's filter layout (a depthwise filter's I is 1).
        let filter = weights.transposed([0, 2, 3, 1])
        let filterTensor = builder.floatConstant("\(operands.node.inputs[1])", shape: filter.shape, values: filter.floats)
        let biasTensor = bias.map { builder.floatConstant(operands.node.inputs[2], shape: [outChannels], values: $0.floats) } ?? -1
        let outputShape = [1, outChannels, window.outputSize[0], window.outputSize[1]]
        let output = builder.activation(operands.outputName, shape: Layout.channelsLast.map { outputShape[$0] })
        let options = Conv2DOptions(
            padding: padding, strideH: window.strides[0], strideW: window.strides[1],
            dilationH: window.dilations[0], dilationW: window.dilations[1])
        builder.append(
            depthwise ? .depthwiseConv2D(options) : .conv2D(options),
            inputs: [source.tensor, filterTensor, biasTensor], outputs: [output])
        return RuntimeValue(tensor: output, shape: outputShape, layout: Layout.channelsLast)
    }

    mutating func lowerMaxPool(_ operands: NodeOperands) throws(ONNXError) -> RuntimeValue {
        let input = try operands.runtime(0)
        guard input.rank == 4 else { throw operands.error("only 2-D pooling (4-D input) is supported") }
        guard operands.node.outputs.count == 1 else { throw operands.error("the Indices output is not supported") }
        guard try operands.int("ceil_mode", default: 0) == 0 else { throw operands.error("ceil_mode is not supported") }
        guard try operands.int("storage_order", default: 0) == 0 else {
            throw operands.error("storage_order is not supported")
        }
        guard let kernel = try operands.ints("kernel_shape"), kernel.count == 2 else {
            throw operands.error("kernel_shape must have two values")
        }
        let window = try WindowGeometry(operands, input: input.shape, kernel: kernel)
        guard window.dilations == [1, 1] else { throw operands.error("dilated pooling is not supported") }
        guard let padding = window.implicitPadding else {
            throw operands.error("pads \(window.pads) are neither VALID nor TFLite SAME padding")
        }
        let source = materialize(input, layout: Layout.channelsLast, name: "\(operands.outputName)/input")
        let outputShape = [1, input.shape[1], window.outputSize[0], window.outputSize[1]]
        let output = builder.activation(operands.outputName, shape: Layout.channelsLast.map { outputShape[$0] })
        builder.append(
            .maxPool2D(Pool2DOptions(
                padding: padding, strideH: window.strides[0], strideW: window.strides[1],
                filterH: kernel[0], filterW: kernel[1])),
            inputs: [source.tensor], outputs: [output])
        return RuntimeValue(tensor: output, shape: outputShape, layout: Layout.channelsLast)
    }

    /// Nearest-neighbour upsampling by whole factors, the YOLOv8 `Upsample`.
    mutating func lowerResize(_ operands: NodeOperands) throws(ONNXError) -> RuntimeValue {
        let input = try operands.runtime(0)
        guard input.rank == 4 else { throw operands.error("only 4-D Resize is supported") }
        guard try operands.string("mode", default: "nearest") == "nearest" else {
            throw operands.error("only mode 'nearest' is supported")
        }
        let transform = try operands.string("coordinate_transformation_mode", default: "half_pixel")
        let rounding = try operands.string("nearest_mode", default: "round_prefer_floor")
        guard transform == "asymmetric", rounding == "floor" else {
            throw operands.error(
                "coordinate_transformation_mode '\(transform)' with nearest_mode '\(rounding)' is not supported (asymmetric + floor is)")
        }
        guard try operands.int("antialias", default: 0) == 0, try operands.int("exclude_outside", default: 0) == 0 else {
            throw operands.error("antialias and exclude_outside are not supported")
        }
        let outputSize: [Int]
        if let sizes = try operands.integers(3, name: "sizes"), !sizes.isEmpty {
            guard sizes.count == 4 else { throw operands.error("sizes must have 4 values") }
            outputSize = sizes.map { Int(clamping: $0) }
        } else if let scales = try operands.constant(2)?.floats, !scales.isEmpty {
            guard scales.count == 4 else { throw operands.error("scales must have 4 values") }
            outputSize = try zip(input.shape, scales).map { size, scale throws(ONNXError) -> Int in
                guard scale >= 1, scale <= 64, scale == scale.rounded() else {
                    throw operands.error("only whole upsampling factors are supported, not \(scale)")
                }
                return size * Int(scale)
            }
        } else {
            throw operands.error("needs constant scales or sizes")
        }
        guard outputSize[0] == input.shape[0], outputSize[1] == input.shape[1] else {
            throw operands.error("resizing batch or channels is not supported")
        }
        // With whole factors, ONNX's floor(out / scale) and TFLite's
        // floor(out * in / out_size) pick the same source pixel.
        guard outputSize[2] % input.shape[2] == 0, outputSize[3] % input.shape[3] == 0 else {
            throw operands.error("output size \(outputSize) is not a whole multiple of the input \(input.shape)")
        }
        let source = materialize(input, layout: Layout.channelsLast, name: "\(operands.outputName)/input")
        let size = builder.int32Constant("\(operands.outputName)/size", shape: [2], values: [outputSize[2], outputSize[3]])
        let output = builder.activation(operands.outputName, shape: Layout.channelsLast.map { outputSize[$0] })
        builder.append(.resizeNearestNeighbor(ResizeOptions()), inputs: [source.tensor, size], outputs: [output])
        return RuntimeValue(tensor: output, shape: outputSize, layout: Layout.channelsLast)
    }

    /// An IR PAD of the spatial axes (NHWC), by the window's ONNX pads.
    private mutating func pad(_ value: RuntimeValue, window: WindowGeometry, name: String) -> RuntimeValue {
        let pads = window.pads  // [top, left, bottom, right]
        var shape = value.shape
        shape[2] += pads[0] + pads[2]
        shape[3] += pads[1] + pads[3]
        let paddings = builder.int32Constant(
            "\(name)/paddings", shape: [4, 2], values: [0, 0, pads[0], pads[2], pads[1], pads[3], 0, 0])
        let output = builder.activation(name, shape: Layout.channelsLast.map { shape[$0] })
        builder.append(.pad, inputs: [value.tensor, paddings], outputs: [output])
        return RuntimeValue(tensor: output, shape: shape, layout: Layout.channelsLast)
    }
}

/// The 2-D window of a Conv or MaxPool node: strides, dilations, ONNX pads,
/// and the output size they give.
struct WindowGeometry {
    var strides: [Int]
    var dilations: [Int]
    /// ONNX order: top, left, bottom, right.
    var pads: [Int]
    var outputSize: [Int]
    /// `.valid` or `.same` when the pads are exactly what TFLite would use; nil otherwise.
    var implicitPadding: Padding?

    init(_ operands: NodeOperands, input: [Int], kernel: [Int]) throws(ONNXError) {
        strides = try operands.ints("strides") ?? [1, 1]
        dilations = try operands.ints("dilations") ?? [1, 1]
        let autoPad = try operands.string("auto_pad", default: "NOTSET")
        guard autoPad == "NOTSET" || autoPad == "VALID" else {
            throw operands.error("auto_pad \(autoPad) is not supported")
        }
        pads = try operands.ints("pads") ?? [0, 0, 0, 0]
        guard strides.count == 2, dilations.count == 2, pads.count == 4 else {
            throw operands.error("strides, dilations and pads must describe two spatial axes")
        }
        guard strides.allSatisfy({ $0 >= 1 }), dilations.allSatisfy({ $0 >= 1 }), pads.allSatisfy({ $0 >= 0 }),
            kernel.allSatisfy({ $0 >= 1 })
        else {
            throw operands.error("strides, dilations and kernel must be positive and pads non-negative")
        }
        var outputSize: [Int] = []
        var same = true
        for axis in 0..<2 {
            let extent = dilations[axis] * (kernel[axis] - 1) + 1
            let padded = input[2 + axis] + pads[axis] + pads[axis + 2]
            guard padded >= extent else { throw operands.error("the window is larger than the padded input") }
            let size = (padded - extent) / strides[axis] + 1
            outputSize.append(size)
            // TFLite SAME: output ceil(in / stride), and the smaller half of the padding first.
            let sameSize = (input[2 + axis] + strides[axis] - 1) / strides[axis]
            let total = max((sameSize - 1) * strides[axis] + extent - input[2 + axis], 0)
            same = same && size == sameSize && pads[axis] == total / 2 && pads[axis + 2] == total - total / 2
        }
        self.outputSize = outputSize
        implicitPadding = pads.allSatisfy { $0 == 0 } ? .valid : same ? .same : nil
    }
}
