import ArgumentParser
import Daemon
import Glibc

struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Show the daemon's detections live, one line per frame, and its zone events.",
        discussion: """
            Detections show their track ID after the label (person #12). With --events, only \
            zone and line events (enter, leave, cross) and status lines are shown; --zones \
            limits events to some zones and lines, named as in the config.
            """)

    @Option(help: "The daemon's socket.")
    var socket = DaemonConfig().socket

    @Option(help: "Only these classes (comma-separated labels).")
    var classes: String?

    @Option(help: "Only detections with at least this score.")
    var minScore: Double?

    @Flag(help: "Only events (enter, leave, cross) and status, no line per frame.")
    var events = false

    @Option(help: "Only events of these zones and lines (comma-separated names).")
    var zones: String?

    func run() async throws {
        do {
            try await ProtocolClient.readLines(socket: socket, request: subscriptionRequest) { line in
                if let text = MessageFormatter.describe(line) {
                    print(text)
                    // A live view piped into another program must not sit in a buffer.
                    fflush(nil)
                }
                return true
            }
        } catch {
            throw ProtocolClient.ConnectionFailed(socket: socket, reason: error)
        }
    }

    private var subscriptionRequest: String? {
        guard classes != nil || minScore != nil || events || zones != nil else { return nil }
        var request: [String: JSONValue] = ["type": .string("subscribe")]
        if let classes { request["classes"] = .array(classes.split(separator: ",").map { .string(String($0)) }) }
        if let minScore { request["min_score"] = .number(minScore) }
        if events { request["frames"] = .bool(false) }
        if let zones { request["zones"] = .array(zones.split(separator: ",").map { .string(String($0)) }) }
        return JSONValue.object(request).jsonText
    }
}
