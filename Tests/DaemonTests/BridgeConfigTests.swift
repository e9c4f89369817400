import Testing
import TestSupport
@testable import Daemon

/// `[mqtt]` and `[http]`: on only when their table is there, every rule that ties keys together,
/// and the files the bridge reads at start.
struct BridgeConfigTests {
    @Test func bridgesAreOffWithoutTheirTables() throws {
        let config = try ConfigLoader.parse("size = 640\n", origin: "test.toml")
        #expect(!config.mqtt.enabled)
        #expect(!config.http.enabled)
    }

    @Test func aTableTurnsItsBridgeOnUnlessItSaysOtherwise() throws {
        let config = try ConfigLoader.parse("[mqtt]\nhost = \"broker.lan\"\n[http]\nenabled = false\n", origin: "test.toml")
        #expect(config.mqtt.enabled)
        #expect(config.mqtt.host == "broker.lan")
        #expect(!config.http.enabled)
    }

    @Test(arguments: [
        ("[mqtt]\ntls = true\n", "test.toml:1: key 'mqtt.ca_file': tls = true needs ca_file, the CA certificate that signed the broker's"),
        ("[mqtt]\nca_file = \"/etc/ca.pem\"\n", "test.toml:2: key 'mqtt.ca_file': is used only with tls = true"),
        ("[mqtt]\ntls = true\nca_file = \"/ca\"\ncert_file = \"/c\"\n",
         "test.toml:4: key 'mqtt.cert_file': a client certificate needs both cert_file and key_file"),
        ("[mqtt]\npassword_file = \"/p\"\n", "test.toml:2: key 'mqtt.password_file': a password needs a username"),
        ("[mqtt]\nsnapshots = true\n[snapshots]\nenabled = false\n",
         "test.toml:2: key 'mqtt.snapshots': publishing snapshots needs [snapshots] enabled = true"),
        ("[mqtt]\nport = 0\n", "test.toml:2: key 'mqtt.port': must be between 1 and 65535, got 0"),
        ("[mqtt]\nqos = 2\n", "test.toml:2: key 'mqtt.qos': must be between 0 and 1, got 2"),
        ("[mqtt]\nhost = \"\"\n", "test.toml:2: key 'mqtt.host': must not be empty"),
        ("[mqtt]\ntopic_prefix = \"home/#\"\n",
         "test.toml:2: key 'mqtt.topic_prefix': must not contain the MQTT wildcards + and #, got 'home/#'"),
        ("[mqtt]\ntopic_prefix = \"/home\"\n",
         "test.toml:2: key 'mqtt.topic_prefix': must not start or end with / or contain an empty level, got '/home'"),
        ("[http]\nlisten = \"0.0.0.0:9464\"\n", """
            test.toml:2: key 'http.listen': '0.0.0.0:9464' is reachable from other hosts; the endpoint has no \
            authentication. Set allow_remote = true to serve it there anyway
            """),
    ])
    func rejectsBridgeMistakesNamingKeyAndLine(text: String, message: String) {
        do {
            _ = try ConfigLoader.parse(text, origin: "test.toml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func remoteAddressesNeedAllowRemote() throws {
        let config = try ConfigLoader.parse("[http]\nlisten = \"0.0.0.0:9464\"\nallow_remote = true\n", origin: "test.toml")
        #expect(config.http.allowRemote)
        for local in ["127.0.0.1:9464", "[::1]:80", "localhost:9464", "unix:/run/yolo-edge/http.sock"] {
            #expect(throws: Never.self) { try ConfigLoader.parse("[http]\nlisten = \"\(local)\"\n", origin: "test.toml") }
        }
    }

    @Test func setupReadsThePasswordsFirstLineAndMakesTheDefaults() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let passwordFile = directory.file("password").path
        try "s3cret\nignored\n".write(toFile: passwordFile, atomically: true, encoding: .utf8)
        var config = DaemonConfig.MQTT()
        config.enabled = true
        config.username = "edge"
        config.passwordFile = passwordFile
        let setup = try MQTTBridgeSetup(config, origin: "test.toml", hostname: "pi-5")
        #expect(setup.settings.password == "s3cret")
        #expect(setup.settings.username == "edge")
        #expect(setup.settings.clientID == "yolo-edge-pi-5")
        #expect(setup.topics.prefix == "yolo-edge/pi-5")
        #expect(setup.settings.will?.topic == "yolo-edge/pi-5/availability")
        #expect(setup.settings.will?.payload == Array("offline".utf8))
        #expect(setup.settings.will?.retain == true)
    }

    @Test func setupRefusesFilesItCannotRead() {
        var config = DaemonConfig.MQTT()
        config.username = "edge"
        config.passwordFile = "/nonexistent/password"
        #expect {
            _ = try MQTTBridgeSetup(config, origin: "test.toml", hostname: "pi")
        } throws: { error in
            "\(error)" == "test.toml: key 'mqtt.password_file': cannot read the password: /nonexistent/password: no such file"
        }
        config = DaemonConfig.MQTT()
        config.tls = true
        config.caFile = "/nonexistent/ca.pem"
        #expect {
            _ = try MQTTBridgeSetup(config, origin: "test.toml", hostname: "pi")
        } throws: { error in
            "\(error)".hasPrefix("test.toml: key 'mqtt.ca_file': cannot read it: /nonexistent/ca.pem")
        }
    }
}
