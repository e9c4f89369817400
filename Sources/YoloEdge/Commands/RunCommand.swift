import ArgumentParser
import Capture
import Daemon
import FoundationEssentials
import Logging
import NIOCore

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the detection daemon and publish detections on a Unix socket.",
        discussion: """
            Reads the config file (TOML, see config.example.toml); flags override it. \
            SIGHUP reloads the config file, SIGTERM stops the daemon.
            """)

    static let defaultConfigPath = "/etc/yolo-edge/config.toml"

    @Option(help: ArgumentHelp("Config file.", discussion: "Default: \(defaultConfigPath) if it exists."))
    var config: String?

    @Option(help: ArgumentHelp("Frame source: \(SourceSpec.syntax).", valueName: "spec"))
    var source: String?

    @Option(help: "INT8 YOLOv8 model file.")
    var model: String?

    @Option(help: "Unix socket to publish on (unused under socket activation).")
    var socket: String?

    @Option(help: ArgumentHelp(
        "Model input size: auto (fitted to the camera's frames, the default), N for NxN, or WxH; multiples of 32.",
        valueName: "auto|N|WxH"))
    var size: String?

    @Option(help: "Inference threads.")
    var threads: Int?

    func run() async throws {
        // NIO's shared event loops serve the socket clients and HTTP: a handful of connections
        // with a few lines each per frame, which one loop keeps up with; a loop per core would
        // cost each core's thread and selector buffers (docs/measurements.md).
        NIOSingletons.groupLoopCountSuggestion = 1
        let path = config ?? (FileManager.default.fileExists(atPath: Self.defaultConfigPath) ? Self.defaultConfigPath : nil)
        let configSource = ConfigSource(
            path: path,
            overrides: ConfigOverrides(source: source, model: model, socket: socket, size: size, threads: threads))
        let daemonConfig: DaemonConfig
        do {
            daemonConfig = try configSource.resolve()
        } catch {
            StandardError.write("<3>yolo-edge: \(error)\n")
            // EX_CONFIG: systemd and scripts can tell a config error apart.
            throw ExitCode(DaemonExitStatus.configuration)
        }

        LoggingSystem.bootstrap { JournalLogHandler(label: $0, level: Logger.Level(daemonConfig.logLevel)) }
        let logger = Logger(label: "yolo-edge")
        do {
            try await DaemonRuntime(
                configSource: configSource, config: daemonConfig,
                daemonVersion: "yolo-edge \(YoloEdgeCommand.configuration.version)", logger: logger
            ).run()
        } catch {
            logger.critical("\(error)")
            throw ExitCode(DaemonExitStatus.of(error))
        }
    }
}
