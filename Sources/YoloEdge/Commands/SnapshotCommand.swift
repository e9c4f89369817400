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
        let answer = try await ProtocolClient.answer(to: #"{"type":"snapshot"}"#, expecting: "snapshot", socket: socket)
        guard let encoded = answer["jpeg"]?.string, let jpeg = Data(base64Encoded: encoded) else {
            throw CommandFailure(description: "the daemon's snapshot carries no valid base64 JPEG")
        }
        _ = try ReplacingFileWriter.write([UInt8](jpeg), to: output)
        print("\(output): frame \(answer["seq"]?.description ?? "?"), \(answer["width"]?.description ?? "?")x"
            + "\(answer["height"]?.description ?? "?"), \(answer["detections"]?.array?.count ?? 0) detections, \(jpeg.count) bytes")
    }
}
