import Logging
import ServiceLifecycle

/// Reloads the configuration on SIGHUP. The new model and source are built while the old
/// pipeline keeps running; then the old pipeline hands its device over to the new one (see
/// `PipelineController.replace(with:)`). If the new source does not open within
/// `sourceOpenTimeout`, the previous configuration is restarted. Clients stay connected
/// throughout and receive a fresh `hello` for every pipeline that starts.
/// Settings that belong to the socket and the clients need a restart; a reload says so.
struct ReloadService: Service {
    let hangups: SignalStream
    let configSource: ConfigSource
    let initialConfig: DaemonConfig
    let factory: PipelineFactory
    let controller: PipelineController
    let registry: ClientRegistry
    let notifier: SystemdNotifier
    let sourceOpenTimeout: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var applied = initialConfig
            for await _ in hangups.signals {
                applied = await reload(from: applied)
            }
        }
    }

    /// - Returns: the config now in effect.
    private func reload(from previous: DaemonConfig) async -> DaemonConfig {
        logger.notice("SIGHUP: reloading the configuration")
        notifier.reloading()
        let config: DaemonConfig
        let components: PipelineComponents
        do {
            // On a thread of its own: a config on a hung mount must not hold up shutdown.
            let configSource = configSource
            config = try await BlockingWork.run { try configSource.resolve() }
            warnAboutRestartOnlyChanges(from: previous, to: config)
            let factory = factory
            components = try await BlockingWork.run { try factory(config) }
        } catch {
            logger.error("reload failed, keeping the running configuration: \(error)")
            notifier.ready(status: "reload failed, running the previous configuration: \(error)")
            return previous
        }

        for warning in components.model.warnings { logger.warning("\(config.model): \(warning)") }
        await start(components)
        if let failure = await sourceFailure(of: components) {
            return await restart(previous, after: failure, of: config)
        }
        notifier.ready(status: "reloaded: model \(components.model.summary), source \(components.sourceName)")
        logger.notice("reloaded: model \(components.model.summary), source \(components.sourceName)")
        return config
    }

    /// Replaces the running pipeline and tells the clients what now runs.
    private func start(_ components: PipelineComponents) async {
        let controller = controller, registry = registry
        _ = try? await BlockingWork.run {
            controller.replace(with: components)
            registry.announce(
                model: components.model, source: components.sourceName, zoneNames: components.analysis?.names ?? .none)
            // The replaced engine's arena and weights were freed; give their pages back.
            ProcessMemory.returnFreedHeapPages()
        }
    }

    /// Waits until the source streams (or, for a finite one, has ended).
    /// - Returns: why it did not within `sourceOpenTimeout`, or nil once it did or when the
    ///   daemon is shutting down (nothing to fall back to then).
    private func sourceFailure(of components: PipelineComponents) async -> String? {
        let (snapshot, opened) = await components.waitForSource(within: sourceOpenTimeout) {
            $0.state == .streaming || $0.state == .ended
        }
        guard !opened, !Task.isCancelled else { return nil }
        return "source \(components.sourceName) did not open within \(sourceOpenTimeout) "
            + "(\(snapshot.state.rawValue)\(snapshot.lastFault.map { ": \($0)" } ?? ""))"
    }

    /// Falls back to the configuration that ran before the reload.
    /// - Returns: the config now in effect.
    private func restart(_ previous: DaemonConfig, after failure: String, of config: DaemonConfig) async -> DaemonConfig {
        logger.error("reload failed: \(failure); restarting the previous configuration")
        do {
            let factory = factory
            let components = try await BlockingWork.run { try factory(previous) }
            await start(components)
            notifier.ready(status: "reload failed: \(failure); restarted the previous configuration")
            logger.notice("restarted the previous configuration: model \(components.model.summary), source \(components.sourceName)")
            return previous
        } catch {
            logger.error("cannot restart the previous configuration (\(error)); the new source keeps retrying")
            notifier.ready(status: "reload: \(failure), still retrying; the previous configuration failed: \(error)")
            return config
        }
    }

    private func warnAboutRestartOnlyChanges(from old: DaemonConfig, to new: DaemonConfig) {
        var changed: [String] = []
        if old.socket != new.socket { changed.append("socket") }
        if old.clients != new.clients { changed.append("[clients]") }
        if old.health != new.health { changed.append("[health]") }
        if old.logLevel != new.logLevel { changed.append("log_level") }
        if old.mqtt != new.mqtt { changed.append("[mqtt]") }
        if old.http != new.http { changed.append("[http]") }
        if !changed.isEmpty {
            logger.warning("\(changed.joined(separator: ", ")) changed; these take effect after a restart")
        }
    }
}
