/// The graph section of a `.yem` file: the graph with each constant's data
/// replaced by a reference into the blob section.
struct GraphRecord: Codable, Equatable {
    struct TensorRecord: Codable, Equatable {
        var name: String
        var type: ElementType
        var shape: [Int]
        var quantization: Quantization?
        var blob: BlobReference?
    }

    /// Where a constant's bytes are, relative to the blob section start.
    struct BlobReference: Codable, Equatable {
        var offset: Int
        var size: Int
    }

    var tensors: [TensorRecord]
    var nodes: [Node]
    var inputs: [Int]
    var outputs: [Int]
    var metadata: ModelMetadata
}
