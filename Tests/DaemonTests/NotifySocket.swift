import Foundation
import Glibc
import Synchronization

/// The systemd side of the notify protocol for tests: a datagram Unix socket that records every
/// notification the daemon sends to `NOTIFY_SOCKET`.
///
/// Plain POSIX calls rather than NIO: sd_notify sends from an unbound socket, and NIO cannot
/// represent such an unnamed sender address.
final class NotifySocket: Sendable {
    let path: String
    private let descriptor: Int32
    private let received = Mutex<[(at: ContinuousClock.Instant, text: String)]>([])
    private let stopped = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    init(directory: URL) throws {
        path = directory.appendingPathComponent("notify.sock").path
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        guard descriptor >= 0, pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw SetupFailed() }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in raw.copyBytes(from: pathBytes) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw SetupFailed() }
        Thread { [self] in receiveLoop() }.start()
    }

    struct SetupFailed: Error {}

    /// Every notification so far; a notification may hold several `KEY=value` lines.
    var messages: [String] { received.withLock { $0.map(\.text) } }

    /// When each notification containing `line` arrived.
    func arrivals(of line: String) -> [ContinuousClock.Instant] {
        received.withLock { $0.filter { $0.text.split(separator: "\n").contains(Substring(line)) }.map(\.at) }
    }

    func count(of line: String) -> Int {
        messages.filter { $0.split(separator: "\n").contains(Substring(line)) }.count
    }

    /// Waits until some notification contains `line`; returns whether it came in time.
    func waitFor(_ line: String, timeout: Double = 10) async -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while Date() < deadline {
            if count(of: line) > 0 { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    func close() {
        stopped.store(true, ordering: .relaxed)
        finished.wait()
        Glibc.close(descriptor)
    }

    private func receiveLoop() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !stopped.load(ordering: .relaxed) {
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&request, 1, 50) > 0 else { continue }
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count > 0 {
                let text = String(decoding: buffer[0..<count], as: UTF8.self)
                received.withLock { $0.append((ContinuousClock.now, text)) }
            }
        }
        finished.signal()
    }
}
