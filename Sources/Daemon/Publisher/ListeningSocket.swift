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

        /// Whether the socket's path is wrong, rather than busy for now.
        var isConfiguration: Bool {
            if case .inUse = self { false } else { true }
        }

        var description: String {
            switch self {
            case .inUse(let path): "\(path): another process is listening on this socket"
            case .notASocket(let path): "\(path) exists and is not a socket; refusing to remove it"
            case .cannotPrepare(let path, let reason): "\(path): \(reason)"
            }
        }
    }

    let channel: NIOAsyncChannel<ClientConnection, Never>
    /// The socket file this process bound and removes on exit; nil under socket activation,
    /// where the socket belongs to systemd.
    let ownedFile: SocketFile?
    /// For logs and `STATUS=`.
    let description: String

    /// Uses the socket systemd passed, or binds `path` with mode 0660.
    static func open(path: String, logger: Logger) async throws -> ListeningSocket {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            // A client that shuts down its sending side (e.g. `socat` at the end of its input)
            // still receives lines.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
        if let descriptor = try SocketActivation.passedSocket() {
            let channel = try await bootstrap.bind(descriptor, childChannelInitializer: wrap)
            logger.info("listening on the socket passed by systemd (fd \(descriptor))")
            return ListeningSocket(channel: channel, ownedFile: nil, description: "socket from systemd")
        }
        try await prepare(path: path)
        let (descriptor, file) = try bindListening(path: path)
        let channel: NIOAsyncChannel<ClientConnection, Never>
        do {
            channel = try await bootstrap.bind(descriptor, childChannelInitializer: wrap)
        } catch {
            close(descriptor)
            file.removeIfInPlace()
            throw error
        }
        logger.info("listening on \(path)")
        return ListeningSocket(channel: channel, ownedFile: file, description: path)
    }

    private static func bindListening(path: String) throws(Failure) -> (descriptor: Int32, file: SocketFile) {
        do {
            return try UnixSocketBinding.bind(path: path)
        } catch {
            throw failure(error, path: path)
        }
    }

    private static func failure(_ failure: UnixSocketBinding.Failure, path: String) -> Failure {
        switch failure {
        case .inUse: .inUse(path)
        case .notASocket: .notASocket(path)
        case .cannot(let reason): .cannotPrepare(path, reason)
        }
    }

    /// Removes the socket file if this process created it and it is still there: a socket
    /// another process bound at the same path since is left alone.
    func removeOwnedPath() {
        ownedFile?.removeIfInPlace()
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
        do {
            try await UnixSocketBinding.removeStaleSocket(at: path)
        } catch {
            throw failure(error, path: path)
        }
    }
}
