import Glibc
import Infer
import MQTT

/// What the bridge needs that the config only names: the password (read from its file), the
/// host name the defaults are made of, the TLS files checked for readability, libmosquitto
/// loaded. Done once at start, so that a missing file or library stops the daemon with a message
/// instead of failing every reconnect.
struct MQTTBridgeSetup: Sendable {
    let settings: MQTTSettings
    let topics: MQTTTopics

    /// No password or certificate file is this large.
    static let maximumFileBytes = 64 << 10

    /// - Parameter origin: the config file, for errors.
    init(_ config: DaemonConfig.MQTT, origin: String, hostname: String = Self.hostname()) throws(ConfigError) {
        func unusable(_ key: String, _ reason: String) -> ConfigError {
            ConfigError(origin: origin, line: nil, key: "mqtt.\(key)", problem: .invalidValue(reason))
        }
        do {
            try MosquittoLibrary.load()
        } catch {
            throw unusable("enabled", error.description)
        }
        let clientID = config.clientID.isEmpty ? "yolo-edge-\(hostname)" : config.clientID
        var password: String?
        if !config.passwordFile.isEmpty {
            do {
                let bytes = try RegularFile.read(config.passwordFile, limit: Self.maximumFileBytes)
                // The first line; a file written by `echo` ends with a newline that is no part of it.
                password = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                    .first.map(String.init) ?? ""
            } catch {
                throw unusable("password_file", "cannot read the password: \(error)")
            }
        }
        var tls: MQTTSettings.TLS?
        if config.tls {
            for (key, path) in [("ca_file", config.caFile), ("cert_file", config.certFile), ("key_file", config.keyFile)]
            where !path.isEmpty {
                do {
                    _ = try RegularFile.read(path, limit: Self.maximumFileBytes)
                } catch {
                    throw unusable(key, "cannot read it: \(error)")
                }
            }
            tls = MQTTSettings.TLS(
                caFile: config.caFile, certificateFile: config.certFile.isEmpty ? nil : config.certFile,
                keyFile: config.keyFile.isEmpty ? nil : config.keyFile)
        }
        topics = MQTTTopics(
            prefix: config.topicPrefix.isEmpty ? "yolo-edge/\(MQTTTopics.level(hostname))" : config.topicPrefix,
            discoveryPrefix: config.discoveryPrefix, clientID: clientID)
        var settings = MQTTSettings(host: config.host, port: config.port, clientID: clientID)
        settings.tls = tls
        settings.username = config.username.isEmpty ? nil : config.username
        settings.password = password
        settings.keepalive = config.keepalive
        settings.queueCapacity = config.queueLength
        settings.will = MQTTMessage(topic: topics.availability, payload: MQTTBridge.offline, qos: .atLeastOnce, retain: true)
        self.settings = settings
    }

    static func hostname() -> String {
        var name = [CChar](repeating: 0, count: 256)
        guard gethostname(&name, name.count - 1) == 0 else { return "localhost" }
        return String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
