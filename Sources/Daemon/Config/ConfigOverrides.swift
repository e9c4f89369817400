import Detect

/// Values given as `yolo-edge run` flags. They win over the config file and are kept across a
/// SIGHUP reload, which re-reads only the file.
package struct ConfigOverrides: Equatable, Sendable {
    package var source: String?
    package var model: String?
    package var socket: String?
    package var size: String?
    package var threads: Int?

    package init(source: String? = nil, model: String? = nil, socket: String? = nil, size: String? = nil, threads: Int? = nil) {
        self.source = source
        self.model = model
        self.socket = socket
        self.size = size
        self.threads = threads
    }

    package func applied(to base: DaemonConfig) throws(ConfigError) -> DaemonConfig {
        var config = base
        if let source { config.source = try Self.checked(source, flag: "--source", ConfigRules.nonEmpty) }
        if let model { config.model = try Self.checked(model, flag: "--model", ConfigRules.nonEmpty) }
        if let socket { config.socket = try Self.checked(socket, flag: "--socket", ConfigRules.socketPath) }
        if let size {
            switch ConfiguredInputSize.parse(size) {
            case .success(let parsed): config.size = parsed
            case .failure(let refusal): throw Self.refused(flag: "--size", refusal.reason)
            }
        }
        if let threads { config.threads = try Self.checked(threads, flag: "--threads", DetectorSettingRules.threads) }
        return config
    }

    private static func checked<Value>(
        _ value: Value, flag: String, _ rule: (Value) -> String?
    ) throws(ConfigError) -> Value {
        if let reason = rule(value) { throw refused(flag: flag, reason) }
        return value
    }

    private static func refused(flag: String, _ reason: String) -> ConfigError {
        ConfigError(origin: "command line", line: nil, key: flag, problem: .invalidValue(reason))
    }
}

/// Where the daemon's configuration comes from: an optional file plus flags. Reloads re-run it.
package struct ConfigSource: Sendable {
    /// The config file; nil runs on defaults and flags alone.
    package var path: String?
    package var overrides: ConfigOverrides

    package init(path: String?, overrides: ConfigOverrides) {
        self.path = path
        self.overrides = overrides
    }

    package func resolve() throws(ConfigError) -> DaemonConfig {
        let fromFile = try path.map { (path) throws(ConfigError) in try ConfigLoader.load(path: path) } ?? DaemonConfig()
        return try overrides.applied(to: fromFile)
    }
}
