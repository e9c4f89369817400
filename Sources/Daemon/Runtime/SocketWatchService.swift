import Logging
import ServiceLifecycle

/// Notices when the socket file the daemon bound is deleted or replaced (an `rm`, a second
/// daemon started on the same path): clients could no longer connect, while frames and the
/// watchdog went on as if all were well. The daemon then stops with a failure, so that
/// systemd (`Restart=on-failure`) starts it again and it binds its path afresh; a replacing
/// socket is left to its owner. Under socket activation the file is systemd's and unwatched.
struct SocketWatchService: Service {
    struct SocketLost: Error, CustomStringConvertible {
        let path: String
        var description: String {
            "the socket \(path) was removed or replaced, so no client can connect; stopping so that a restart binds it again"
        }
    }

    let file: SocketFile
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while (try? await Task.sleep(for: interval)) != nil {
                guard file.isInPlace else {
                    logger.critical("\(SocketLost(path: file.path))")
                    throw SocketLost(path: file.path)
                }
            }
        }
    }
}
