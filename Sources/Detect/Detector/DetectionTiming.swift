/// How long each stage of one detection took, in milliseconds.
public struct DetectionTiming: Codable, Hashable, Sendable {
    public var preprocess: Double
    public var inference: Double
    public var postprocess: Double

    public init(preprocess: Double, inference: Double, postprocess: Double) {
        self.preprocess = preprocess
        self.inference = inference
        self.postprocess = postprocess
    }

    enum CodingKeys: String, CodingKey {
        case preprocess, inference, postprocess
    }
}
