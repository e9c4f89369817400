import Logging
import MQTT
import NIOCore
import ServiceLifecycle
import Synchronization
import Track

/// The MQTT bridge (docs/mqtt.md): what the socket's clients receive, published to a broker.
///
/// It reads the daemon's lines as a client would (`ClientRegistry.registerBridge`), so it gets
/// the same events, status and detections in the same format, and hands them to an
/// `MQTTClient`, whose bounded queue never makes it wait on the broker. Zone occupancy and line
/// counts go to retained topics whenever they change, and again after every reconnect, with
/// `online` and the Home Assistant discovery configs. Nothing here can slow the pipeline: a
/// bridge that falls behind loses the oldest lines of its own queue, counted as MQTT drops.
final class MQTTBridge: Service, Sendable {
    static let online = "online"
    static let offline = "offline"

    private let client: MQTTClient
    private let topics: MQTTTopics
    private let config: DaemonConfig.MQTT
    private let registry: ClientRegistry
    private let controller: PipelineController
    private let daemonVersion: String
    private let logger: Logger
    private let state = Mutex(State())

    private struct State {
        /// The retained zone and line values last handed to the client, by topic.
        var published: [String: String] = [:]
        /// Discovery as last published, to notice a reload's new zones.
        var discovery: HomeAssistantDiscovery?
        /// Set by a purge request: no discovery until the next start.
        var discoveryPurged = false
        var lastFrameSummary: UInt64 = 0
        /// Lines the bridge's own queue in the registry dropped.
        var linesDropped: UInt64 = 0
    }

    init(
        setup: MQTTBridgeSetup, config: DaemonConfig.MQTT, registry: ClientRegistry, controller: PipelineController,
        daemonVersion: String, logger: Logger
    ) {
        topics = setup.topics
        self.config = config
        self.registry = registry
        self.controller = controller
        self.daemonVersion = daemonVersion
        self.logger = logger
        let connected = Mutex<(@Sendable (MQTTClient) -> Void)?>(nil)
        client = MQTTClient(settings: setup.settings, logger: logger) { client in
            connected.withLock { $0 }?(client)
        }
        connected.withLock { $0 = { [weak self] _ in self?.republish() } }
        // A connect faster than the line above went unannounced; announcing twice does no harm.
        if client.statistics.connections > 0 { republish() }
    }

    /// What `status` reports: the client's figures, with the lines the bridge itself lost.
    var statistics: MQTTStatistics {
        var statistics = client.statistics
        statistics.dropped += Int(state.withLock { $0.linesDropped })
        return statistics
    }

    func run() async {
        let subscription = Subscription(wantsFrames: config.frameInterval > 0)
        await cancelWhenGracefulShutdown {
            // Re-registers if the registry ever evicts the bridge; ends when the registry closes.
            while !Task.isCancelled, let (id, queue) = self.registry.registerBridge(subscription: subscription) {
                defer { self.registry.remove(id) }
                while let line = await queue.next() { self.handle(line) }
            }
        }
        _ = try? await BlockingWork.run { [self] in disconnect() }
    }

    /// Says `offline` and disconnects cleanly, so that the broker does not fire the will. Waits
    /// at most `flushTimeout` for the broker to take what is queued.
    func disconnect() {
        client.stop(
            flushTimeout: Self.flushTimeout,
            final: [MQTTMessage(topic: topics.availability, payload: Self.offline, qos: .atLeastOnce, retain: true)])
    }

    /// Part of the 2 s a stop may take (`DaemonRuntime`).
    static let flushTimeout = Duration.milliseconds(500)

    /// Publishes the annotated JPEG of a frame with events (from the snapshot thread).
    func publishSnapshot(_ jpeg: ArraySlice<UInt8>) {
        client.publish(MQTTMessage(topic: topics.snapshot, payload: Array(jpeg), qos: .atMostOnce, retain: true))
    }

    /// Removes this daemon's entities from Home Assistant until the next start.
    /// - Returns: how many config topics were cleared.
    func purgeDiscovery() -> Int {
        let discovery = state.withLock { state in
            state.discoveryPurged = true
            return state.discovery ?? currentDiscovery()
        }
        let messages = discovery.removalMessages
        for message in messages { client.publish(message) }
        logger.notice("removed \(messages.count) Home Assistant discovery configs from the broker")
        return messages.count
    }

    private func handle(_ line: ByteBuffer) {
        switch ProtocolMessages.type(of: line) {
        case "event":
            client.publish(MQTTMessage(topic: topics.events, payload: Self.bytes(ofLine: line), qos: MQTTQoS(rawValue: config.qos) ?? .atLeastOnce, retain: false))
            publishZoneState()
        case "status":
            client.publish(MQTTMessage(topic: topics.status, payload: Self.bytes(ofLine: line), qos: .atMostOnce, retain: false))
            publishZoneState()
        case "detections":
            let now = MonotonicClock.now()
            let due = state.withLock { state in
                guard now - state.lastFrameSummary >= UInt64(config.frameInterval * 1e9) else { return false }
                state.lastFrameSummary = now
                return true
            }
            if due { client.publish(MQTTMessage(topic: topics.detections, payload: Self.bytes(ofLine: line), qos: .atMostOnce, retain: false)) }
        case "hello":
            // A reload may bring other zones, lines or classes. While disconnected, the
            // reconnect announces them.
            guard client.statistics.state == .connected else { return }
            publishDiscovery(force: false)
            publishZoneState()
        case "overflow":
            let dropped = (JSONValue(parsing: String(buffer: line))?.object?["dropped"]?.number).map { UInt64($0) } ?? 0
            state.withLock { $0.linesDropped += dropped }
        default:
            break
        }
    }

    /// After every (re)connect: `online`, discovery, and every retained value again (the broker
    /// may have restarted without persistence).
    private func republish() {
        client.publish(MQTTMessage(topic: topics.availability, payload: Self.online, qos: .atLeastOnce, retain: true))
        state.withLock { $0.published.removeAll() }
        publishDiscovery(force: true)
        publishZoneState()
    }

    private func publishDiscovery(force: Bool) {
        let discovery = currentDiscovery()
        let (previous, skip) = state.withLock { state in
            defer { state.discovery = discovery }
            return (state.discovery, state.discoveryPurged || (!force && state.discovery == discovery))
        }
        guard !skip else { return }
        if config.discovery {
            // Entities of zones a reload removed go first.
            if let previous, previous != discovery {
                let kept = Set(discovery.configMessages.map(\.topic))
                for message in previous.removalMessages where !kept.contains(message.topic) { client.publish(message) }
            }
            for message in discovery.configMessages { client.publish(message) }
        } else if force {
            // `discovery = false` removes what an earlier run with discovery made.
            for message in discovery.removalMessages { client.publish(message) }
        }
    }

    private func currentDiscovery() -> HomeAssistantDiscovery {
        let components = controller.components
        let classNames = registry.classNames
        let zones = (components.analysis?.zones ?? []).map { zone in
            HomeAssistantDiscovery.Zone(name: zone.name, labels: Self.labels(of: zone.classIDs, classNames: classNames))
        }
        return HomeAssistantDiscovery(
            topics: topics,
            device: .init(name: "yolo-edge \(MQTTBridgeSetup.hostname())", model: components.model.name, softwareVersion: daemonVersion),
            zones: zones, lines: components.analysis?.lines.map(\.name) ?? [], hasSnapshots: config.snapshots)
    }

    /// Occupancy is published per class a zone counts, or as `all` for a zone that counts every class.
    private static func labels(of classIDs: Set<Int>?, classNames: [String]) -> [String] {
        guard let classIDs else { return [allClasses] }
        return classIDs.sorted().map { ZoneReport.label(ofClass: $0, in: classNames) }
    }

    private static let allClasses = "all"

    /// Publishes the retained zone and line values that changed since last published. Not while
    /// disconnected: a value queued then would reach the broker after the fresh ones the
    /// reconnect publishes first, and overwrite them.
    private func publishZoneState() {
        guard client.statistics.state == .connected else { return }
        let components = controller.components
        guard let analysis = components.analysis else { return }
        let report = analysis.report()
        let classNames = registry.classNames
        var values: [(String, String)] = []
        for (zone, definition) in zip(report.zones, analysis.zones) {
            guard let classIDs = definition.classIDs else {
                values.append((topics.occupancy(zone: zone.name, label: Self.allClasses), "\(zone.occupancy.reduce(0) { $0 + $1.count })"))
                continue
            }
            for classID in classIDs.sorted() {
                let count = zone.occupancy.first { $0.classID == classID }?.count ?? 0
                values.append((topics.occupancy(zone: zone.name, label: ZoneReport.label(ofClass: classID, in: classNames)), "\(count)"))
            }
        }
        for line in report.lines {
            values.append((topics.crossings(line: line.name, direction: "in"), "\(line.crossings.inward)"))
            values.append((topics.crossings(line: line.name, direction: "out"), "\(line.crossings.outward)"))
        }
        let changed = state.withLock { state in
            values.filter { topic, value in
                guard state.published[topic] != value else { return false }
                state.published[topic] = value
                return true
            }
        }
        for (topic, value) in changed {
            client.publish(MQTTMessage(topic: topic, payload: value, qos: .atLeastOnce, retain: true))
        }
    }

    /// A protocol line without its newline, as a message payload.
    static func bytes(ofLine line: ByteBuffer) -> [UInt8] {
        var bytes = Array(line.readableBytesView)
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        return bytes
    }
}
