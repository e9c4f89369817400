import ArgumentParser
import Daemon

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print one status snapshot of the running daemon.")

    @Option(help: "The daemon's socket.")
    var socket = DaemonConfig().socket

    @Flag(help: "Print the raw JSON status line.")
    var json = false

    func run() async throws {
        var snapshot: String?
        do {
            try await ProtocolClient.readLines(socket: socket) { line in
                guard MessageFormatter.type(of: line) == "status" else { return true }
                snapshot = line
                return false
            }
        } catch {
            throw ProtocolClient.ConnectionFailed(socket: socket, reason: error)
        }
        guard let snapshot else {
            throw ProtocolClient.ConnectionFailed(socket: socket, reason: ClosedBeforeStatus())
        }
        print(json ? snapshot : MessageFormatter.describe(snapshot) ?? snapshot)
    }
}

private struct ClosedBeforeStatus: Error, CustomStringConvertible {
    var description: String { "the daemon closed the connection before sending a status" }
}
