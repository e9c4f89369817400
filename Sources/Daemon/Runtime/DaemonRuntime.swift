import Glibc
import Logging
import MQTT
import NIOCore
import ServiceLifecycle

/// `yolo-edge run` once the config is valid: opens the socket, builds the pipeline, then runs
/// the services until SIGTERM or SIGINT.
///
/// Services, in start order: socket server, pipeline, reload (SIGHUP), socket watch (when the
/// daemon bound its socket itself), the MQTT bridge and the HTTP endpoint (when configured),
/// health. The group shuts
/// them down in reverse: STOPPING=1 first, then the pipeline (camera released), then the
/// server (clients closed, socket file removed); last, a `detect` still running gets what is
/// left of `PipelineController.shutdownBudget`, so the process exits within 2 s.
package struct DaemonRuntime {
    let configSource: ConfigSource
    let config: DaemonConfig
    let factory: PipelineFactory
    let logger: Logger
    /// What `hello` tells clients this daemon is, e.g. `yolo-edge 0.1.0`.
    let daemonVersion: String
    /// How long a source may take to open: at start before READY=1 says it is still opening,
    /// on reload before the previous configuration is restarted. Cameras open within about a
    /// second; EBUSY is retried with backoff meanwhile.
    let sourceOpenTimeout: Duration

    init(
        configSource: ConfigSource, config: DaemonConfig, factory: @escaping PipelineFactory, logger: Logger,
        daemonVersion: String = "yolo-edge", sourceOpenTimeout: Duration = .seconds(5)
    ) {
        self.configSource = configSource
        self.config = config
        self.factory = factory
        self.logger = logger
        self.daemonVersion = daemonVersion
        self.sourceOpenTimeout = sourceOpenTimeout
    }

    /// The daemon `yolo-edge run` starts: the INT8 engine on the config's model and source.
    package init(configSource: ConfigSource, config: DaemonConfig, daemonVersion: String, logger: Logger) {
        self.init(
            configSource: configSource, config: config, factory: EngineIntegration.factory, logger: logger,
            daemonVersion: daemonVersion)
    }

    package func run() async throws {
        let stops = SignalStream(SIGTERM, SIGINT)
        let hangups = SignalStream(SIGHUP)
        defer {
            stops.stop()
            hangups.stop()
        }
        // Files the bridge needs are read before anything starts, so a missing one stops the
        // daemon with a message (status 78) instead of failing every reconnect.
        let mqttSetup = try config.mqtt.enabled ? MQTTBridgeSetup(config.mqtt, origin: configSource.path ?? "command line") : nil
        let listener = try await ListeningSocket.open(path: config.socket, logger: logger)
        let components: PipelineComponents
        do {
            let factory = factory, config = config
            components = try await BlockingWork.run { try factory(config) }
        } catch {
            try? await listener.channel.channel.close()
            listener.removeOwnedPath()
            throw error
        }

        for warning in components.model.warnings { logger.warning("\(config.model): \(warning)") }
        let registry = ClientRegistry(
            limits: .init(queueLength: config.clients.queueLength, stallTimeout: config.clients.stallTimeout,
                          maxClients: config.clients.maxClients),
            model: components.model, source: components.sourceName, zoneNames: components.analysis?.names ?? .none,
            daemonVersion: daemonVersion, logger: logger)
        let controller = PipelineController(components: components, counters: PipelineCounters(), logger: logger)
        controller.start()
        let metrics = config.http.enabled ? DaemonMetrics() : nil
        let publisher = ResultPublisher(results: controller.results, events: controller.events, registry: registry,
                                        maxDetections: components.model.maxDetections, metrics: metrics)
        let bridge = mqttSetup.map {
            MQTTBridge(setup: $0, config: config.mqtt, registry: registry, controller: controller, daemonVersion: daemonVersion, logger: logger)
        }
        var eventSink: (@Sendable (ArraySlice<UInt8>) -> Void)?
        if config.mqtt.snapshots, let bridge { eventSink = { bridge.publishSnapshot($0) } }
        let snapshots = config.snapshots.enabled
            ? SnapshotService(controller: controller, registry: registry, settings: config.snapshots, logger: logger, eventSink: eventSink)
            : nil
        let notifier = SystemdNotifier()
        let latest = LatestStatus()
        let http: HTTPEndpoint?
        do {
            http = try await openHTTP(metrics: metrics, latest: latest, snapshots: snapshots, registry: registry)
        } catch {
            _ = try? await BlockingWork.run {
                controller.beginStop()
                publisher.stop()
                snapshots?.stop()
                bridge?.disconnect()
                controller.finishStop()
            }
            try? await listener.channel.channel.close()
            listener.removeOwnedPath()
            throw error
        }

        // READY=1 says whether the camera opened, so give it the time an open takes.
        let sourceState = await components.waitForSource(within: sourceOpenTimeout) { $0.state != .opening }.snapshot.state
        let sourceReadiness = sourceState == .streaming || sourceState == .ended ? "open" : "retrying (\(sourceState.rawValue))"
        let readyStatus = "model \(components.model.summary) loaded, listening on \(listener.description), "
            + "source \(components.sourceName) \(sourceReadiness)"

        var services: [any Service] = [
            SocketServer(listener: listener, registry: registry, snapshots: snapshots, bridge: bridge, logger: logger),
            PipelineService(controller: controller, publisher: publisher, snapshots: snapshots),
            ReloadService(hangups: hangups, configSource: configSource, initialConfig: config, factory: factory, controller: controller,
                          registry: registry, notifier: notifier, sourceOpenTimeout: sourceOpenTimeout, logger: logger),
        ]
        if let file = listener.ownedFile {
            services.append(SocketWatchService(file: file, interval: .seconds(1), logger: logger))
        }
        if let bridge { services.append(bridge) }
        if let http { services.append(HTTPService(endpoint: http)) }
        services.append(
            HealthService(controller: controller, registry: registry, notifier: notifier, readyStatus: readyStatus,
                          statusInterval: .seconds(config.health.statusInterval),
                          watchdogInterval: watchdogInterval, latest: latest,
                          mqttStatistics: mqttStatistics(of: bridge), logger: logger))
        var groupLogger = logger
        groupLogger.logLevel = max(logger.logLevel, .notice)
        var configuration = ServiceGroupConfiguration(services: services, logger: groupLogger)
        configuration.maximumGracefulShutdownDuration = .milliseconds(1800)
        configuration.maximumCancellationDuration = .milliseconds(150)
        let group = ServiceGroup(configuration: configuration)
        // SIGTERM and SIGINT were trapped since start-up; one that came meanwhile shuts the
        // group down as soon as it runs.
        try await withThrowingDiscardingTaskGroup { tasks in
            tasks.addTask {
                for await _ in stops.signals {
                    await group.triggerGracefulShutdown()
                    return
                }
            }
            try await group.run()
            tasks.cancelAll()
        }
        try await BlockingWork.run { controller.finishStop() }
        logger.notice("stopped")
    }

    private func mqttStatistics(of bridge: MQTTBridge?) -> (@Sendable () -> MQTTStatistics)? {
        guard let bridge else { return nil }
        return { bridge.statistics }
    }

    /// The HTTP endpoint, when `[http]` is on.
    private func openHTTP(
        metrics: DaemonMetrics?, latest: LatestStatus, snapshots: SnapshotService?, registry: ClientRegistry
    ) async throws -> HTTPEndpoint? {
        guard config.http.enabled, let metrics, case .success(let address) = HTTPListenAddress.parse(config.http.listen) else {
            return nil
        }
        let routes = DaemonHTTPRoutes(metrics: metrics, latest: latest, snapshots: snapshots, registry: registry)
        return try await HTTPEndpoint.open(address, limits: HTTPLimits(), responder: routes.respond, logger: logger)
    }

    /// The config's interval, or half of systemd's `WatchdogSec` so one late ping is tolerated.
    private var watchdogInterval: Duration? {
        if config.health.watchdogInterval > 0 { return .seconds(config.health.watchdogInterval) }
        return SystemdNotifier.watchdogInterval().map { $0 / 2 }
    }
}
