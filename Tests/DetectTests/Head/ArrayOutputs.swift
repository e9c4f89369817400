import Infer

/// Arrays standing in for an engine's int8 outputs, in output order.
struct ArrayOutputs: Int8OutputSource {
    var outputs: [[Int8]]

    init(_ outputs: [[Int8]]) { self.outputs = outputs }

    init(_ output: [Int8]) { outputs = [output] }

    func withInt8Output<Result, Failure: Error>(
        _ position: Int, _ body: (Span<Int8>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let output = outputs[position]
        return try body(output.span)
    }
}
