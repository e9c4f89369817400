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

            Give --socket once per daemon to watch several cameras at once (one yolo-edge@NAME \
            instance each, docs/multiple-cameras.md): each line then starts with [NAME], the \
            socket's file name without .sock. A daemon that stops or cannot be reached is \
            reported and the others are still shown; the exit status is then 1.
            """)

    @Option(
        name: .customLong("socket"),
        help: ArgumentHelp("A daemon's socket; repeat to watch several.", valueName: "path"))
    var sockets: [String] = []

    @Option(help: "Only these classes (comma-separated labels).")
    var classes: String?

    @Option(help: "Only detections with at least this score.")
    var minScore: Double?

    @Flag(help: "Only events (enter, leave, cross) and status, no line per frame.")
    var events = false

    @Option(help: "Only events of these zones and lines (comma-separated names).")
    var zones: String?

    func run() async throws {
        let sockets = sockets.isEmpty ? [DaemonConfig().socket] : sockets
        let request = subscriptionRequest
        guard sockets.count > 1 else {
            return try await Self.watch(sockets[0], request: request, prefix: "")
        }
        let failures = await withTaskGroup(of: Bool.self) { group in
            for socket in sockets {
                group.addTask {
                    do {
                        try await Self.watch(socket, request: request, prefix: "[\(Self.instanceName(of: socket))] ")
                        return false
                    } catch {
                        StandardError.write("watch: \(error)\n")
                        return true
                    }
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        if failures > 0 { throw ExitCode.failure }
    }

    private static func watch(_ socket: String, request: String?, prefix: String) async throws {
        do {
            try await ProtocolClient.readLines(socket: socket, request: request) { line in
                if let text = MessageFormatter.describe(line) {
                    // One write per line, so lines of several daemons never interleave.
                    StandardOutput.writeLine(prefix + text)
                }
                return true
            }
        } catch {
            throw ProtocolClient.ConnectionFailed(socket: socket, reason: error)
        }
    }

    /// `front` for /run/yolo-edge/front.sock: the instance name of a yolo-edge@ unit.
    static func instanceName(of socket: String) -> String {
        let file = socket.split(separator: "/").last.map(String.init) ?? socket
        return file.hasSuffix(".sock") ? String(file.dropLast(5)) : file
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
