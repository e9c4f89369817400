/// One operator application: tensor indices into `Graph.tensors`.
/// An absent optional input is `-1`.
public struct Node: Sendable, Equatable, Codable {
    public var op: Operator
    public var inputs: [Int]
    public var outputs: [Int]

    public init(op: Operator, inputs: [Int], outputs: [Int]) {
        self.op = op
        self.inputs = inputs
        self.outputs = outputs
    }
}

/// The engine's graph IR: tensors and nodes in execution order.
///
/// Every loader (TFLite, the engine's own file, the ONNX quantizer) produces
/// this; the planner and the kernels consume it.
public struct Graph: Sendable {
    public var tensors: [Tensor]
    public var nodes: [Node]
    public var inputs: [Int]
    public var outputs: [Int]
    /// What the model says about itself: class names, stride, task...
    public var metadata: ModelMetadata

    public init(
        tensors: [Tensor], nodes: [Node], inputs: [Int], outputs: [Int],
        metadata: ModelMetadata = ModelMetadata()
    ) {
        self.tensors = tensors
        self.nodes = nodes
        self.inputs = inputs
        self.outputs = outputs
        self.metadata = metadata
    }
}

/// Model-level facts that are not tensors.
public struct ModelMetadata: Sendable, Equatable, Codable {
    /// Class names by class id; empty when the model carries none.
    public var classNames: [String]
    /// Free-form description (Ultralytics writes author, version, date).
    public var description: String

    public init(classNames: [String] = [], description: String = "") {
        self.classNames = classNames
        self.description = description
    }
}
