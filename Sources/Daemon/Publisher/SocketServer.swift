import Logging
import NIOCore
import ServiceLifecycle

/// Accepts clients on the listening socket and runs one task per connection. Each connection
/// writes from its own `ClientQueue`, so a client that does not read only ever blocks its own
/// task. On shutdown every connection is closed and the socket file removed.
struct SocketServer: Service {
    /// Longest line a client may send (a subscription); past it the client gets an error and the
    /// daemon stops reading from it.
    static let maximumRequestLength = 4096

    let listener: ListeningSocket
    let registry: ClientRegistry
    /// Answers `snapshot` requests; nil with snapshots off.
    let snapshots: SnapshotService?
    /// Carries out `purge_discovery` requests; nil with the MQTT bridge off.
    let bridge: MQTTBridge?
    let logger: Logger

    func run() async throws {
        defer { listener.removeOwnedPath() }
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await listener.channel.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { await serve(connection) }
                    }
                }
            }
        } onGracefulShutdown: {
            registry.closeAll()
            listener.channel.channel.close(promise: nil)
        }
    }

    private func serve(_ connection: ClientConnection) async {
        let channel = connection.channel
        guard let (id, queue) = registry.register(disconnect: { channel.close(promise: nil) }) else {
            try? await connection.executeThenClose { _, outbound in
                try await outbound.write(ProtocolMessages.error("not accepting clients: the limit is reached or the daemon is stopping"))
            }
            return
        }
        defer { registry.remove(id) }
        do {
            try await connection.executeThenClose { inbound, outbound in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await readRequests(inbound, client: id) }
                    while let message = await queue.next() {
                        try await outbound.write(message)
                    }
                    group.cancelAll()
                }
            }
        } catch {
            logger.debug("client \(id): \(error)")
        }
    }

    /// Reads request lines until the client stops sending.
    private func readRequests(_ inbound: NIOAsyncChannelInboundStream<ByteBuffer>, client id: Int) async throws {
        var splitter = LineSplitter()
        for try await chunk in inbound {
            splitter.append(chunk)
            while let line = splitter.nextLine() { handle(line, client: id) }
            if splitter.pendingByteCount > Self.maximumRequestLength {
                registry.reply(ProtocolMessages.error("request line longer than \(Self.maximumRequestLength) bytes"), to: id)
                return
            }
        }
    }

    /// One request: `subscribe`, `snapshot` or `purge_discovery` (docs/protocol.md).
    private func handle(_ line: String, client id: Int) {
        guard !line.allSatisfy(\.isWhitespace) else { return }
        let request = JSONValue(parsing: line)?.object
        let type = request?["type"]?.string
        if let request, type == "snapshot" || type == "purge_discovery", !request.keys.allSatisfy({ $0 == "type" }) {
            registry.reply(ProtocolMessages.error("bad \(type!) request: it takes no fields but \"type\""), to: id)
            return
        }
        switch type {
        case "snapshot":
            guard let snapshots else {
                registry.reply(ProtocolMessages.error("snapshots are off ([snapshots] enabled = false)"), to: id)
                return
            }
            snapshots.request(from: id)
        case "purge_discovery":
            guard let bridge else {
                registry.reply(ProtocolMessages.error("the MQTT bridge is off (no [mqtt] in the config)"), to: id)
                return
            }
            registry.reply(ProtocolMessages.purged(topics: bridge.purgeDiscovery()), to: id)
        default:
            do {
                let subscription = try Subscription.parse(line, classNames: registry.classNames, zoneNames: registry.zoneNames)
                registry.subscribe(id, to: subscription)
                registry.reply(ProtocolMessages.subscribed(subscription), to: id)
            } catch {
                registry.reply(ProtocolMessages.error("bad subscription: \(error.message)"), to: id)
            }
        }
    }
}
