/// Values given as `yolo-edge run` flags. They win over the config file and are kept across a
/// SIGHUP reload, which re-reads only the file.
struct ConfigOverrides: Equatable, Sendable {
    var source: String?
    var model: String?
    var socket: String?
    var size: Int?
    var threads: Int?

    func applied(to base: DaemonConfig) throws(ConfigError) -> DaemonConfig {
        var config = base
        if let source { config.source = try Self.checked(source, flag: "--source", ConfigRules.nonEmpty) }
        if let model { config.model = try Self.checked(model, flag: "--model", ConfigRules.nonEmpty) }
        if let socket { config.socket = try Self.checked(socket, flag: "--socket", ConfigRules.socketPath) }
        if let size { config.size = try Self.checked(size, flag: "--size", ConfigRules.modelSize) }
        if let threads { config.threads = try Self.checked(threads, flag: "--threads", ConfigRules.threads) }
        return config
    }

    private static func checked<Value>(
        _ value: Value, flag: String, _ rule: (Value) -> String?
    ) throws(ConfigError) -> Value {
        if let reason = rule(value) {
            throw ConfigError(origin: "command line", line: nil, key: flag, problem: .invalidValue(reason))
        }
        return value
    }
}

/// Where the daemon's configuration comes from: an optional file plus flags. Reloads re-run it.
struct ConfigSource: Sendable {
    /// The config file; nil runs on defaults and flags alone.
    var path: String?
    var overrides: ConfigOverrides

    func resolve() throws(ConfigError) -> DaemonConfig {
        let fromFile = try path.map { (path) throws(ConfigError) in try ConfigLoader.load(path: path) } ?? DaemonConfig()
        return try overrides.applied(to: fromFile)
    }
}
