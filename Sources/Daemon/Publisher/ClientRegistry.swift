import Logging
import NIOCore
import Synchronization

/// The connected clients and what the daemon currently tells new ones. Everything here is
/// called without waiting on any client: a stuck client costs one dropped message per frame
/// until it is evicted, and never slows the others or the pipeline.
final class ClientRegistry: Sendable {
    struct Limits: Sendable, Equatable {
        var queueLength: Int
        var stallTimeout: Double
        var maxClients: Int
    }

    private struct Client {
        let queue: ClientQueue
        var subscription: Subscription?
        let disconnect: @Sendable () -> Void
        /// A consumer inside the daemon (the MQTT bridge): not counted as a client, never refused.
        var isBridge = false
    }

    private struct State {
        var clients: [Int: Client] = [:]
        var nextID = 0
        var hello: ByteBuffer
        var classNames: [String]
        var zoneNames: ZoneNames
        var latestStatus: ByteBuffer?
        var isClosed = false
    }

    private let state: Mutex<State>
    private let limits: Limits
    private let logger: Logger
    /// What `hello` names the daemon, e.g. `yolo-edge 0.1.0`.
    private let daemonVersion: String
    /// Connects and disconnects are logged at most 10 per 10 s: a connection storm must not
    /// flood the journal.
    private let connectionLog = LogRateLimiter()

    init(
        limits: Limits, model: ModelDescription, source: String, zoneNames: ZoneNames = .none, daemonVersion: String,
        logger: Logger
    ) {
        self.limits = limits
        self.logger = logger
        self.daemonVersion = daemonVersion
        state = Mutex(State(hello: ProtocolMessages.hello(model: model, source: source, daemonVersion: daemonVersion),
                            classNames: model.classNames, zoneNames: zoneNames))
    }

    /// Connected clients, bridges not counted.
    var count: Int { state.withLock { $0.clients.values.count { !$0.isBridge } } }

    var classNames: [String] { state.withLock { $0.classNames } }

    var zoneNames: ZoneNames { state.withLock { $0.zoneNames } }

    /// Adds a client and queues its `hello` and the latest `status`.
    /// - Parameter disconnect: closes the client's connection; called when it is evicted.
    /// - Returns: nil when the daemon already has `maxClients` clients or is shutting down.
    func register(disconnect: @escaping @Sendable () -> Void) -> (id: Int, queue: ClientQueue)? {
        guard let (id, queue) = add(Client(queue: makeQueue(), subscription: nil, disconnect: disconnect)) else { return nil }
        connectionLog.log { note in logger.info("client \(id) connected\(note)") }
        return (id, queue)
    }

    /// Adds a consumer inside the daemon that receives what a client with `subscription` would.
    /// Its queue drops the oldest lines when full, as a client's does, and is finished if it
    /// stays full past the stall timeout.
    /// - Returns: nil once the daemon is shutting down.
    func registerBridge(subscription: Subscription) -> (id: Int, queue: ClientQueue)? {
        let queue = makeQueue()
        return add(Client(queue: queue, subscription: subscription, disconnect: { queue.finish() }, isBridge: true))
    }

    private func makeQueue() -> ClientQueue {
        ClientQueue(capacity: limits.queueLength, stallTimeout: limits.stallTimeout)
    }

    /// Registers `client` and queues its `hello` and the latest `status`.
    private func add(_ client: Client) -> (id: Int, queue: ClientQueue)? {
        let registered: (Int, ByteBuffer, ByteBuffer?)? = state.withLock { state in
            let clients = state.clients.values.count { !$0.isBridge }
            guard !state.isClosed, client.isBridge || clients < limits.maxClients else { return nil }
            let id = state.nextID
            state.nextID += 1
            state.clients[id] = client
            return (id, state.hello, state.latestStatus)
        }
        guard let (id, hello, status) = registered else { return nil }
        _ = client.queue.offer(hello)
        if let status { _ = client.queue.offer(status) }
        return (id, client.queue)
    }

    func remove(_ id: Int) {
        let client = state.withLock { $0.clients.removeValue(forKey: id) }
        guard let client else { return }
        client.queue.finish()
        guard !client.isBridge else { return }
        let dropped = client.queue.droppedTotal
        connectionLog.log { note in logger.info("client \(id) disconnected, \(dropped) messages dropped\(note)") }
    }

    func subscribe(_ id: Int, to subscription: Subscription) {
        state.withLock { $0.clients[id]?.subscription = subscription }
    }

    /// Encodes one `detections` line for all unfiltered clients and one per subscribed client.
    func publish(_ result: FrameResult) {
        let (clients, classNames) = state.withLock { state in
            (Array(state.clients), state.classNames)
        }
        guard !clients.isEmpty else { return }
        let now = MonotonicClock.now()
        var unfiltered: ByteBuffer?
        for (id, client) in clients where client.subscription?.wantsFrames ?? true {
            let message: ByteBuffer
            if let subscription = client.subscription {
                message = ProtocolMessages.detections(result, classNames: classNames, subscription: subscription, publishedAt: now)
            } else {
                if unfiltered == nil {
                    unfiltered = ProtocolMessages.detections(result, classNames: classNames, subscription: nil, publishedAt: now)
                }
                message = unfiltered!
            }
            deliver(message, to: id, client, now: now)
        }
    }

    /// Encodes each event once and queues it for every client whose subscription accepts it.
    func publish(_ events: [PublishedEvent]) {
        guard !events.isEmpty else { return }
        let (clients, classNames, zoneNames) = state.withLock { state in
            (Array(state.clients), state.classNames, state.zoneNames)
        }
        guard !clients.isEmpty else { return }
        let now = MonotonicClock.now()
        for event in events {
            let message = ProtocolMessages.event(event, names: zoneNames, classNames: classNames)
            for (id, client) in clients where client.subscription?.accepts(event, names: zoneNames) ?? true {
                deliver(message, to: id, client, now: now)
            }
        }
    }

    /// Sends a `status` line to everyone and keeps it for clients that connect later.
    func broadcastStatus(_ message: ByteBuffer) {
        let clients = state.withLock { state in
            state.latestStatus = message
            return Array(state.clients)
        }
        let now = MonotonicClock.now()
        for (id, client) in clients { deliver(message, to: id, client, now: now) }
    }

    /// After a reload: new clients get the new `hello`, and current clients get it too, so
    /// they learn the new model and source without reconnecting.
    func announce(model: ModelDescription, source: String, zoneNames: ZoneNames) {
        let hello = ProtocolMessages.hello(model: model, source: source, daemonVersion: daemonVersion)
        let clients = state.withLock { state in
            state.hello = hello
            state.classNames = model.classNames
            state.zoneNames = zoneNames
            return Array(state.clients)
        }
        let now = MonotonicClock.now()
        for (id, client) in clients { deliver(hello, to: id, client, now: now) }
    }

    /// Queues a reply for one client, e.g. the answer to its subscription.
    func reply(_ message: ByteBuffer, to id: Int) {
        guard let client = state.withLock({ $0.clients[id] }) else { return }
        deliver(message, to: id, client, now: MonotonicClock.now())
    }

    /// Refuses new clients and ends every connection.
    func closeAll() {
        let clients = state.withLock { state in
            state.isClosed = true
            return Array(state.clients.values)
        }
        for client in clients {
            client.queue.finish()
            client.disconnect()
        }
    }

    private func deliver(_ message: ByteBuffer, to id: Int, _ client: Client, now: UInt64) {
        guard client.queue.offer(message, now: now) == .evict else { return }
        logger.warning("client \(id) did not read for \(limits.stallTimeout) s; disconnecting it")
        client.disconnect()
        remove(id)
    }
}
