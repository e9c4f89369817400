import Daemon
import NIOCore
import NIOPosix

/// A minimal client of the socket protocol, used by `watch`, `status` and the tests.
enum ProtocolClient {
    /// The daemon could not be reached or the connection failed.
    struct ConnectionFailed: Error, CustomStringConvertible {
        var socket: String
        var reason: any Error

        var description: String { "cannot read from \(socket): \(reason)" }
    }

    /// Connects to `socket`, sends `request` (a line without its newline) if given, and passes
    /// each received line to `handle` until it returns false or the daemon closes the connection.
    static func readLines(
        socket: String, request: String? = nil, handle: (String) async throws -> Bool
    ) async throws {
        let connection = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(unixDomainSocketPath: socket) { channel in
                channel.eventLoop.makeCompletedFuture { try ClientConnection(wrappingChannelSynchronously: channel) }
            }
        try await connection.executeThenClose { inbound, outbound in
            if let request { try await outbound.write(ByteBuffer(string: request + "\n")) }
            var splitter = LineSplitter()
            for try await chunk in inbound {
                splitter.append(chunk)
                while let line = splitter.nextLine() {
                    guard try await handle(line) else { return }
                }
            }
        }
    }
}
