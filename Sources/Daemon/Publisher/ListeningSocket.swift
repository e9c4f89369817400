import FoundationEssentials
import Infer
import Logging
import NIOCore
import NIOPosix
import SystemPackage

/// A connection as the server sees it: bytes in (subscriptions), bytes out (lines).
package typealias ClientConnection = NIOAsyncChannel<ByteBuffer, ByteBuffer>

/// The listening Unix socket: the one systemd passed, or one bound at the configured path.
struct ListeningSocket: Sendable {
    enum Failure: Error, CustomStringConvertible {
        case inUse(String)
        case notASocket(String)
        case cannotPrepare(String, String)

        var description: String {
            switch self {
            case .inUse(let path): "\(path): another process is listening on this socket"
            case .notASocket(let path): "\(path) exists and is not a socket; refusing to remove it"
            case .cannotPrepare(let path, let reason): "\(path): \(reason)"
            }
        }
    }

    let channel: NIOAsyncChannel<ClientConnection, Never>
    /// The path this process bound and must remove on exit; nil under socket activation,
    /// where the socket belongs to systemd.
    let ownedPath: String?
    /// For logs and `STATUS=`.
    let description: String

    /// Uses the socket systemd passed, or binds `path` with mode 0660.
    static func open(path: String, logger: Logger) async throws -> ListeningSocket {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            // A client that shuts down its sending side (e.g. `socat` at the end of its input)
            // still receives lines.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
        if let descriptor = try SocketActivation.passedSocket() {
            let channel = try await bootstrap.bind(descriptor, childChannelInitializer: wrap)
            logger.info("listening on the socket passed by systemd (fd \(descriptor))")
            return ListeningSocket(channel: channel, ownedPath: nil, description: "socket from systemd")
        }
        try await prepare(path: path)
        let channel = try await bootstrap.bind(unixDomainSocketPath: path, childChannelInitializer: wrap)
        // Only the owner and the group (the clients' group) may connect.
        guard chmod(path, 0o660) == 0 else {
            let reason = String(cString: strerror(errno))
            try? await channel.channel.close()
            throw Failure.cannotPrepare(path, "cannot set mode 0660: \(reason)")
        }
        logger.info("listening on \(path)")
        return ListeningSocket(channel: channel, ownedPath: path, description: path)
    }

    /// Removes the socket file if this process created it.
    func removeOwnedPath() {
        guard let ownedPath else { return }
        unlink(ownedPath)
    }

    @Sendable private static func wrap(_ channel: any Channel) -> EventLoopFuture<ClientConnection> {
        channel.eventLoop.makeCompletedFuture { try ClientConnection(wrappingChannelSynchronously: channel) }
    }

    /// Creates the socket's directory if needed and removes a stale socket file: one that is a
    /// socket nobody listens on. A live socket or any other kind of file is left alone.
    private static func prepare(path: String) async throws {
        let directory = FilePath(path).removingLastComponent().string
        if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw Failure.cannotPrepare(path, "cannot create the directory \(directory): \(FileErrorReason.describe(error))")
            }
        }
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard status.st_mode & S_IFMT == S_IFSOCK else { throw Failure.notASocket(path) }
        if let probe = try? await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(unixDomainSocketPath: path).get() {
            try? await probe.close()
            throw Failure.inUse(path)
        }
        unlink(path)
    }
}
