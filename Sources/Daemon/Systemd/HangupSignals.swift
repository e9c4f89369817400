import Dispatch
import Glibc

/// SIGHUP, delivered as an async sequence. Created before the daemon reports READY=1, so that a
/// reload requested right after start-up is not lost.
final class HangupSignals: Sendable {
    let hangups: AsyncStream<Void>
    // DispatchSourceSignal is not Sendable; it is only touched in init and `stop()`.
    private nonisolated(unsafe) let source: any DispatchSourceSignal

    init() {
        let (hangups, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.hangups = hangups
        source = DispatchSource.makeSignalSource(signal: SIGHUP)
        source.setEventHandler { continuation.yield() }
        source.setCancelHandler { continuation.finish() }
        source.resume()
    }

    func stop() {
        source.cancel()
    }
}
