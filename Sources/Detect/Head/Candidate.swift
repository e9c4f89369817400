/// A class score above the confidence threshold, still quantized.
struct Candidate: Sendable, Equatable {
    var anchor: Int32
    var classID: Int32
    var level: Int8
}
