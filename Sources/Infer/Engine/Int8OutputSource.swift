/// Lends a model's int8 outputs one call at a time, as spans that cannot outlive the call:
/// the engine after `run()`, or arrays standing in for it in tests. Detection heads read
/// their outputs through this, so none keeps a pointer into the engine's arena.
public protocol Int8OutputSource {
    func withInt8Output<Result, Failure: Error>(
        _ position: Int, _ body: (Span<Int8>) throws(Failure) -> Result
    ) throws(Failure) -> Result
}

extension Engine: Int8OutputSource {}
