import ArgumentParser
import Daemon
import FoundationEssentials
import Infer

struct SnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Save the daemon's latest frame as a JPEG, with boxes, track IDs and zones drawn.",
        discussion: """
            Asks the running daemon for a snapshot ({"type":"snapshot"} on its socket, \
            docs/protocol.md) and writes the annotated JPEG to --output. The frame is the \
            latest one the detector finished, at the source's size. Needs [snapshots] \
            enabled = true in the daemon's config (the default).
            """)

    @Option(help: "The daemon's socket.")
    var socket = DaemonConfig().socket

    @Option(name: [.short, .long], help: ArgumentHelp("Where to write the JPEG (replaced if it exists).", valueName: "file"))
    var output: String

    func run() async throws {
        var answer: JSONValue?
        do {
            try await ProtocolClient.readLines(socket: socket, request: #"{"type":"snapshot"}"#) { line in
                guard let message = JSONValue(parsing: line), let type = message["type"]?.string,
                      type == "snapshot" || type == "error"
                else { return true }
                answer = message
                return false
            }
        } catch {
            throw ProtocolClient.ConnectionFailed(socket: socket, reason: error)
        }
        guard let answer else { throw CommandFailure(description: "the daemon closed the connection before answering") }
        if let message = answer["message"]?.string { throw CommandFailure(description: "the daemon said: \(message)") }
        guard let encoded = answer["jpeg"]?.string, let jpeg = Data(base64Encoded: encoded) else {
            throw CommandFailure(description: "the daemon's snapshot carries no valid base64 JPEG")
        }
        _ = try ReplacingFileWriter.write([UInt8](jpeg), to: output)
        print("\(output): frame \(answer["seq"]?.description ?? "?"), \(answer["width"]?.description ?? "?")x"
            + "\(answer["height"]?.description ?? "?"), \(answer["detections"]?.array?.count ?? 0) detections, \(jpeg.count) bytes")
    }
}
