import Logging
import ServiceLifecycle

/// Reloads the configuration on SIGHUP: the source and model are rebuilt while the old pipeline
/// keeps running, then swapped in. Clients stay connected and receive a fresh `hello`.
/// Settings that belong to the socket and the clients need a restart; a reload says so.
struct ReloadService: Service {
    let hangups: HangupSignals
    let configSource: ConfigSource
    let initialConfig: DaemonConfig
    let factory: PipelineFactory
    let controller: PipelineController
    let registry: ClientRegistry
    let notifier: SystemdNotifier
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var applied = initialConfig
            for await _ in hangups.hangups {
                applied = await reload(from: applied)
            }
        }
    }

    /// - Returns: the config now in effect.
    private func reload(from previous: DaemonConfig) async -> DaemonConfig {
        logger.notice("SIGHUP: reloading the configuration")
        notifier.reloading()
        do {
            let config = try configSource.resolve()
            warnAboutRestartOnlyChanges(from: previous, to: config)
            let factory = factory, controller = controller
            let components = try await BlockingWork.run { () throws -> PipelineComponents in
                let components = try factory(config)
                controller.replace(with: components)
                return components
            }
            registry.announce(model: components.model, source: components.sourceName)
            notifier.ready(status: "reloaded: model \(components.model.name), source \(components.sourceName)")
            logger.notice("reloaded: model \(components.model.name), source \(components.sourceName)")
            return config
        } catch {
            logger.error("reload failed, keeping the running configuration: \(error)")
            notifier.ready(status: "reload failed, running the previous configuration: \(error)")
            return previous
        }
    }

    private func warnAboutRestartOnlyChanges(from old: DaemonConfig, to new: DaemonConfig) {
        var changed: [String] = []
        if old.socket != new.socket { changed.append("socket") }
        if old.clients != new.clients { changed.append("[clients]") }
        if old.health != new.health { changed.append("[health]") }
        if old.logLevel != new.logLevel { changed.append("log_level") }
        if !changed.isEmpty {
            logger.warning("\(changed.joined(separator: ", ")) changed; these take effect after a restart")
        }
    }
}
