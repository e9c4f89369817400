import Glibc
import Logging
import NIOCore
import NIOPosix

/// The daemon's HTTP/1.1 endpoint: GET and HEAD answered by a responder, on NIO's event loops,
/// with its connections and their memory bounded by `HTTPLimits` (`HTTPConnectionPipeline`
/// shows how).
final class HTTPEndpoint: Sendable {
    /// Why the endpoint could not listen, naming the address.
    enum Failure: Error, Equatable, CustomStringConvertible {
        case inUse(String)
        case notASocket(String)
        case cannotListen(String, String)

        /// Whether the address is wrong, rather than busy for now.
        var isConfiguration: Bool {
            if case .inUse = self { false } else { true }
        }

        var description: String {
            switch self {
            case .inUse(let address): "cannot listen on \(address): another process is listening there"
            case .notASocket(let path): "\(path) exists and is not a socket; refusing to remove it"
            case .cannotListen(let address, let reason): "cannot listen on \(address): \(reason)"
            }
        }
    }

    /// Where it listens, as `HTTPListenAddress` writes it, with the port bound when 0 was asked.
    let localAddress: String
    private let channel: any Channel
    private let connections: HTTPConnections
    /// The Unix socket file this endpoint bound; nil for TCP.
    private let socketFile: SocketFile?

    private init(channel: any Channel, connections: HTTPConnections, socketFile: SocketFile?, localAddress: String) {
        self.channel = channel
        self.connections = connections
        self.socketFile = socketFile
        self.localAddress = localAddress
    }

    var statistics: HTTPConnections.Statistics { connections.statistics }

    static func open(
        _ address: HTTPListenAddress, limits: HTTPLimits, responder: @escaping HTTPResponder, logger: Logger
    ) async throws -> HTTPEndpoint {
        let connections = HTTPConnections(limit: limits.maxConnections)
        let pipeline = HTTPConnectionPipeline(limits: limits, connections: connections, responder: responder, logger: logger)
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            // A client that sends its request and shuts down its side (socat, nc -N) still gets
            // the answer.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            // The gate reads for each connection: one small buffer at a time, only when wanted.
            .childChannelOption(.autoRead, value: false)
            .childChannelOption(.maxMessagesPerRead, value: 1)
            .childChannelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 4096))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try pipeline.setUp(channel) }
            }
        let endpoint: HTTPEndpoint
        switch address {
        case .tcp(let host, let port):
            let channel: any Channel
            do {
                // localhost is 127.0.0.1, not whichever of it and ::1 the resolver lists first.
                let socketAddress = try SocketAddress(ipAddress: host == "localhost" ? "127.0.0.1" : host, port: port)
                channel = try await bootstrap.serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                    .bind(to: socketAddress).get()
            } catch {
                throw Failure(binding: address, error)
            }
            let bound = channel.localAddress.flatMap { bound in
                bound.ipAddress.map { HTTPListenAddress.tcp(host: $0, port: bound.port ?? port) }
            }
            endpoint = HTTPEndpoint(
                channel: channel, connections: connections, socketFile: nil, localAddress: (bound ?? address).description)
        case .unix(let path):
            let (descriptor, file) = try await bindUnixSocket(at: path)
            let channel: any Channel
            do {
                channel = try await bootstrap.withBoundSocket(descriptor).get()
            } catch {
                Glibc.close(descriptor)
                file.removeIfInPlace()
                throw Failure(binding: address, error)
            }
            endpoint = HTTPEndpoint(channel: channel, connections: connections, socketFile: file, localAddress: address.description)
        }
        logger.info("HTTP endpoint listening on \(endpoint.localAddress)")
        return endpoint
    }

    /// Stops accepting, closes every connection (their responders' tasks are cancelled) and
    /// removes the Unix socket file this endpoint made, if it is still there.
    func close() async {
        try? await channel.close()
        await connections.closeAll()
        socketFile?.removeIfInPlace()
    }
}

extension HTTPEndpoint {
    /// A stale socket file at `path` is replaced; a live socket or any other file is left alone.
    private static func bindUnixSocket(at path: String) async throws(Failure) -> (descriptor: Int32, file: SocketFile) {
        do {
            try await UnixSocketBinding.removeStaleSocket(at: path)
            return try UnixSocketBinding.bind(path: path)
        } catch {
            let address = HTTPListenAddress.unix(path: path).description
            switch error {
            case .inUse: throw .inUse(address)
            case .notASocket: throw .notASocket(path)
            case .cannot(let reason): throw .cannotListen(address, reason)
            }
        }
    }
}

extension HTTPEndpoint.Failure {
    /// What binding `address` failed of, in words.
    init(binding address: HTTPListenAddress, _ error: any Error) {
        guard let error = error as? IOError else {
            self = .cannotListen(address.description, "\(error)")
            return
        }
        switch error.errnoCode {
        case EADDRINUSE: self = .inUse(address.description)
        case EACCES: self = .cannotListen(address.description, "permission denied (ports below 1024 need CAP_NET_BIND_SERVICE)")
        case EADDRNOTAVAIL: self = .cannotListen(address.description, "no network interface has this address")
        default: self = .cannotListen(address.description, String(cString: strerror(error.errnoCode)))
        }
    }
}
