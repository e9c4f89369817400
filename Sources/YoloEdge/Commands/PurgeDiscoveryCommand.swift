import ArgumentParser
import Daemon

struct PurgeDiscoveryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge-discovery",
        abstract: "Remove the daemon's entities from Home Assistant.",
        discussion: """
            Asks the running daemon ({"type":"purge_discovery"} on its socket, docs/protocol.md) \
            to clear its Home Assistant MQTT discovery configs: it publishes an empty retained \
            message on each config topic, and Home Assistant deletes the device and its \
            entities. The daemon publishes no discovery again until it restarts. To keep them \
            away, set [mqtt] discovery = false: a daemon started so clears them itself each \
            time it connects. Needs the MQTT bridge ([mqtt] in the daemon's config).
            """)

    @Option(help: "The daemon's socket.")
    var socket = DaemonConfig().socket

    func run() async throws {
        let answer = try await ProtocolClient.answer(to: #"{"type":"purge_discovery"}"#, expecting: "purged", socket: socket)
        print("cleared \(answer["topics"]?.description ?? "?") Home Assistant discovery topics")
    }
}
