/// The rules of `[mqtt]` and `[http]` that tie several keys together.
extension ConfigLoader {
    static func checkBridges(_ config: DaemonConfig, origin: String, locator: TOMLKeyLocator) throws(ConfigError) {
        func problem(_ section: String, _ key: String, _ reason: String) -> ConfigError {
            ConfigError(
                origin: origin, line: locator.line(ofKey: key, inSection: section) ?? locator.line(ofSection: section),
                key: "\(section).\(key)", problem: .invalidValue(reason))
        }
        let mqtt = config.mqtt
        if mqtt.enabled {
            if mqtt.tls && mqtt.caFile.isEmpty {
                throw problem("mqtt", "ca_file", "tls = true needs ca_file, the CA certificate that signed the broker's")
            }
            if !mqtt.tls, let key = [("ca_file", mqtt.caFile), ("cert_file", mqtt.certFile), ("key_file", mqtt.keyFile)]
                .first(where: { !$0.1.isEmpty })?.0 {
                throw problem("mqtt", key, "is used only with tls = true")
            }
            if mqtt.certFile.isEmpty != mqtt.keyFile.isEmpty {
                throw problem("mqtt", mqtt.certFile.isEmpty ? "key_file" : "cert_file",
                              "a client certificate needs both cert_file and key_file")
            }
            if !mqtt.passwordFile.isEmpty && mqtt.username.isEmpty {
                throw problem("mqtt", "password_file", "a password needs a username")
            }
            if mqtt.snapshots && !config.snapshots.enabled {
                throw problem("mqtt", "snapshots", "publishing snapshots needs [snapshots] enabled = true")
            }
        }
        let http = config.http
        if http.enabled, !http.allowRemote, case .success(let address) = HTTPListenAddress.parse(http.listen),
           !address.isLoopback {
            throw problem("http", "listen", """
                '\(http.listen)' is reachable from other hosts; the endpoint has no authentication. \
                Set allow_remote = true to serve it there anyway
                """)
        }
    }
}
