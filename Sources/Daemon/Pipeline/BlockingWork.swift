/// Runs slow blocking work (loading a model, joining threads) on its own thread, so that it
/// never occupies one of the few threads Swift concurrency runs tasks on.
enum BlockingWork {
    static func run<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DedicatedThread.start(name: "yolo-blocking") { continuation.resume(with: Swift.Result { try work() }) }
        }
    }
}
