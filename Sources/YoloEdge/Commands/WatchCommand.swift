import ArgumentParser
import Daemon
import Glibc

struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Show the daemon's detections live, one line per frame.")

    @Option(help: "The daemon's socket.")
    var socket = DaemonConfig().socket

    @Option(help: "Only these classes (comma-separated labels).")
    var classes: String?

    @Option(help: "Only detections with at least this score.")
    var minScore: Double?

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
        guard classes != nil || minScore != nil else { return nil }
        var request: [String: JSONValue] = ["type": .string("subscribe")]
        if let classes { request["classes"] = .array(classes.split(separator: ",").map { .string(String($0)) }) }
        if let minScore { request["min_score"] = .number(minScore) }
        return JSONValue.object(request).jsonText
    }
}
