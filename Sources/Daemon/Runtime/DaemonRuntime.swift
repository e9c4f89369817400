import Glibc
import Logging
import NIOCore
import ServiceLifecycle

/// `yolo-edge run` once the config is valid: opens the socket, builds the pipeline, then runs
/// the services until SIGTERM or SIGINT.
///
/// Services, in start order: socket server, pipeline, reload (SIGHUP), socket watch (when the
/// daemon bound its socket itself), health. The group shuts
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
        let publisher = ResultPublisher(results: controller.results, events: controller.events, registry: registry,
                                        maxDetections: components.model.maxDetections)
        let snapshots = config.snapshots.enabled
            ? SnapshotService(controller: controller, registry: registry, settings: config.snapshots, logger: logger) : nil
        let notifier = SystemdNotifier()

        // READY=1 says whether the camera opened, so give it the time an open takes.
        let sourceState = await components.waitForSource(within: sourceOpenTimeout) { $0.state != .opening }.snapshot.state
        let sourceReadiness = sourceState == .streaming || sourceState == .ended ? "open" : "retrying (\(sourceState.rawValue))"
        let readyStatus = "model \(components.model.name) loaded, listening on \(listener.description), "
            + "source \(components.sourceName) \(sourceReadiness)"

        var services: [any Service] = [
            SocketServer(listener: listener, registry: registry, snapshots: snapshots, logger: logger),
            PipelineService(controller: controller, publisher: publisher, snapshots: snapshots),
            ReloadService(hangups: hangups, configSource: configSource, initialConfig: config, factory: factory, controller: controller,
                          registry: registry, notifier: notifier, sourceOpenTimeout: sourceOpenTimeout, logger: logger),
        ]
        if let file = listener.ownedFile {
            services.append(SocketWatchService(file: file, interval: .seconds(1), logger: logger))
        }
        services.append(
            HealthService(controller: controller, registry: registry, notifier: notifier, readyStatus: readyStatus,
                          statusInterval: .seconds(config.health.statusInterval),
                          watchdogInterval: watchdogInterval, logger: logger))
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

    /// The config's interval, or half of systemd's `WatchdogSec` so one late ping is tolerated.
    private var watchdogInterval: Duration? {
        if config.health.watchdogInterval > 0 { return .seconds(config.health.watchdogInterval) }
        return SystemdNotifier.watchdogInterval().map { $0 / 2 }
    }
}
