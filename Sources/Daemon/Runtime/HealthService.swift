import Logging
import MQTT
import ServiceLifecycle
import Synchronization

/// Reports health: `READY=1` once the group runs (so signal handlers are in place), periodic `status` lines and `STATUS=`, `WATCHDOG=1` pings that require frame
/// progress, and `STOPPING=1` as soon as shutdown begins. It is the last service in the group,
/// so the group's reverse-order shutdown stops it first and systemd hears STOPPING=1 before
/// anything else is torn down.
struct HealthService: Service {
    let controller: PipelineController
    let registry: ClientRegistry
    let notifier: SystemdNotifier
    /// The `STATUS=` sent with `READY=1`, saying what is ready.
    let readyStatus: String
    let statusInterval: Duration
    /// nil when neither systemd nor the config asks for a watchdog.
    let watchdogInterval: Duration?
    /// Where the latest report and the frame-flow verdict are kept for the HTTP endpoint.
    let latest: LatestStatus
    /// The MQTT bridge's figures for `status`; nil with the bridge off.
    let mqttStatistics: (@Sendable () -> MQTTStatistics)?
    let logger: Logger

    /// How often frame flow is judged when there is no watchdog to feed (for `/healthz`).
    static let flowCheckInterval = Duration.seconds(2)

    func run() async {
        notifier.ready(status: readyStatus)
        logger.notice("ready: \(readyStatus)")
        await withGracefulShutdownHandler {
            await cancelWhenGracefulShutdown {
                await withDiscardingTaskGroup { group in
                    group.addTask { await reportStatus() }
                    group.addTask { await checkFrameFlow(every: watchdogInterval ?? Self.flowCheckInterval) }
                }
            }
        } onGracefulShutdown: {
            notifier.stopping()
        }
    }

    private func reportStatus() async {
        var sampler = StatusSampler(counters: controller.counters)
        var corruptSoFar = controller.sourceSnapshot().corruptFrames
        while (try? await Task.sleep(for: statusInterval)) != nil {
            let camera = controller.sourceSnapshot()
            if camera.corruptFrames > corruptSoFar {
                // Once per status interval at most, however many frames a broken source skips.
                logger.warning("""
                    \(camera.corruptFrames - corruptSoFar) unusable frames skipped since the last status \
                    (\(camera.corruptFrames) in all); the last: \(camera.lastFault ?? "unknown")
                    """)
            }
            corruptSoFar = camera.corruptFrames
            var report = sampler.sample(counters: controller.counters, camera: camera, clients: registry.count)
            report.eventsDropped = controller.events.dropped.load(ordering: .relaxed)
            report.zones = controller.components.analysis?.report() ?? .empty
            report.mqtt = mqttStatistics?()
            let line = ProtocolMessages.status(report, classNames: registry.classNames)
            latest.store(report, line: line)
            registry.broadcastStatus(line)
            notifier.status(report.summary)
            let counters = controller.counters
            logger.debug("""
                heap allocations once warm: capture thread \(counters.captureAllocations.load(ordering: .relaxed)), \
                inference thread \(counters.inferenceAllocations.load(ordering: .relaxed))
                """)
        }
    }

    /// Judges frame flow every `interval` by the watchdog's rule; pings systemd's watchdog when
    /// it asked for one and frames flow.
    private func checkFrameFlow(every interval: Duration) async {
        let counters = controller.counters
        var policy = WatchdogPolicy(processedFrames: counters.processed.load(ordering: .relaxed))
        var wasAlive = true
        while (try? await Task.sleep(for: interval)) != nil {
            let alive = policy.shouldPing(
                processedFrames: counters.processed.load(ordering: .relaxed),
                sourceState: controller.sourceSnapshot().state,
                inferenceBusy: counters.isInferenceBusy)
            latest.store(framesFlow: alive)
            guard watchdogInterval != nil else { continue }
            if alive { notifier.watchdogAlive() }
            if alive != wasAlive {
                if alive { logger.notice("frames flow again; watchdog pings resumed") }
                else { logger.error("no frame processed for \(interval); withholding the watchdog ping") }
                wasAlive = alive
            }
        }
    }
}
