import Infer

/// Converts an ONNX model into the engine's float32 IR graph (NHWC feature maps).
///
/// Shapes are resolved for one input size: shape arithmetic (Shape, Gather,
/// Range, Expand, ...) is folded into constants, so a dynamic export becomes
/// a static graph for that size.
public enum ONNXConverter {
    /// - Parameters:
    ///   - inputHeight, inputWidth: the size to convert at; when the model fixes
    ///     its input height/width, they must match if given.
    ///   - dynamicSize: the size of a dynamic height or width that neither
    ///     argument gives; without it such a model needs both.
    public static func convert(
        _ model: ONNXModel, inputHeight: Int? = nil, inputWidth: Int? = nil, dynamicSize: Int? = nil
    ) throws(ONNXError) -> ONNXConversion {
        if let node = ConversionContext.firstUnsupportedNode(model.graph.nodes) {
            throw .unsupportedOperator(node: node.name, op: node.domain.isEmpty ? node.opType : "\(node.domain).\(node.opType)")
        }
        var context = ConversionContext(opsetVersion: model.opsetVersion)
        for tensor in model.graph.initializers {
            context.values[tensor.name] = .constant(ConstantTensor(tensor))
        }
        let input = try graphInput(model.graph, height: inputHeight, width: inputWidth, dynamicSize: dynamicSize)
        let inputTensor = context.builder.activation(input.name, shape: Layout.channelsLast.map { input.shape[$0] })
        context.values[input.name] = .runtime(
            RuntimeValue(tensor: inputTensor, shape: input.shape, layout: Layout.channelsLast))

        for node in model.graph.nodes {
            try context.convert(node)
        }

        var outputs: [Int] = []
        for output in model.graph.outputs {
            guard case .runtime(let value)? = context.values[output.name] else {
                throw .unsupportedModel("graph output '\(output.name)' is not computed from the input")
            }
            // Outputs keep ONNX's axis order ([1, 84, anchors] for YOLOv8), as TFLite
            // exports do; the output's name moves to the reordered tensor.
            let identity = Layout.identity(rank: value.rank)
            if value.layout != identity { context.builder.rename(value.tensor, to: "\(output.name)/unordered") }
            let ordered = context.materialize(value, layout: identity, name: output.name)
            context.values[output.name] = .runtime(ordered)
            outputs.append(ordered.tensor)
        }

        let graph = Graph(
            tensors: context.builder.tensors, nodes: context.builder.nodes,
            inputs: [inputTensor], outputs: outputs, metadata: ONNXMetadata.modelMetadata(from: model.metadata))
        var bindings: [String: ONNXConversion.Binding] = [:]
        for (name, value) in context.values {
            if case .runtime(let runtime) = value {
                bindings[name] = ONNXConversion.Binding(tensor: runtime.tensor, shape: runtime.shape, layout: runtime.layout)
            }
        }
        return ONNXConversion(graph: graph, bindings: bindings)
    }

    /// The single non-initializer input, with its size resolved to [1, C, H, W].
    private static func graphInput(
        _ graph: ONNXGraph, height: Int?, width: Int?, dynamicSize: Int?
    ) throws(ONNXError) -> (name: String, shape: [Int]) {
        let initializerNames = Set(graph.initializers.map(\.name))
        let inputs = graph.inputs.filter { !initializerNames.contains($0.name) }
        guard inputs.count == 1, let input = inputs.first else {
            throw .unsupportedModel("expected one image input, the graph has \(inputs.count)")
        }
        guard input.elementType == .float else {
            throw .unsupportedModel("input '\(input.name)' is not float32")
        }
        guard let dimensions = input.shape, dimensions.count == 4 else {
            throw .unsupportedModel("input '\(input.name)' is not a 4-D NCHW tensor")
        }
        func resolve(_ dimension: ONNXValueInfo.Dimension, requested: Int?, axis: String) throws(ONNXError) -> Int {
            switch (dimension, requested) {
            case (.fixed(let size), nil): return size
            case (.fixed(let size), let requested?):
                guard size == requested else {
                    throw .unsupportedModel("input '\(input.name)' has a fixed \(axis) of \(size), not \(requested)")
                }
                return size
            case (.symbolic, let requested?):
                guard requested > 0 else { throw .unsupportedModel("input \(axis) must be positive, not \(requested)") }
                return requested
            case (.symbolic(let name), nil):
                if let dynamicSize { return try resolve(dimension, requested: dynamicSize, axis: axis) }
                throw .unsupportedModel("input '\(input.name)' has a dynamic \(axis) ('\(name)'): give an input size")
            }
        }
        let batch = try resolve(dimensions[0], requested: 1, axis: "batch")
        guard case .fixed(let channels) = dimensions[1], channels > 0 else {
            throw .unsupportedModel("input '\(input.name)' needs a fixed channel count")
        }
        return (input.name, [
            batch, channels,
            try resolve(dimensions[2], requested: height, axis: "height"),
            try resolve(dimensions[3], requested: width, axis: "width"),
        ])
    }
}

/// The converted graph, and where each ONNX value ended up in it.
public struct ONNXConversion: Sendable {
    /// An ONNX value's IR tensor: IR axis `i` holds ONNX axis `layout[i]`.
    public struct Binding: Sendable, Equatable {
        public var tensor: Int
        /// The ONNX shape of the value.
        public var shape: [Int]
        public var layout: [Int]
    }

    public var graph: Graph
    /// Every run-time ONNX value by name (for comparing with ONNX Runtime per tensor).
    public var bindings: [String: Binding]
}
