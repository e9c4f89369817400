import Dispatch
import Glibc

/// Signals delivered as an async sequence, from the moment this is created: the daemon creates
/// its streams first thing, so that a SIGTERM during start-up (the model still loading) is
/// kept for the service group instead of killing the process with its socket file left
/// behind, and a SIGHUP right after start-up is not lost.
final class SignalStream: Sendable {
    let signals: AsyncStream<Int32>
    // DispatchSourceSignal is not Sendable; the sources are only touched in init and `stop()`.
    private nonisolated(unsafe) let sources: [any DispatchSourceSignal]

    /// - Parameter keep: how many undelivered signals are kept (the newest).
    init(_ numbers: Int32..., keep: Int = 1) {
        let (signals, continuation) = AsyncStream.makeStream(of: Int32.self, bufferingPolicy: .bufferingNewest(keep))
        self.signals = signals
        sources = numbers.map { number in
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { continuation.yield(number) }
            source.setCancelHandler { continuation.finish() }
            source.resume()
            return source
        }
    }

    func stop() {
        for source in sources { source.cancel() }
    }
}
