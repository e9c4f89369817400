import ArgumentParser
import Foundation

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
        var request: [String: Any] = ["type": "subscribe"]
        if let classes { request["classes"] = classes.split(separator: ",").map { String($0) } }
        if let minScore { request["min_score"] = minScore }
        guard let data = try? JSONSerialization.data(withJSONObject: request, options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
