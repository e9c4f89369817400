import ArgumentParser
import Daemon
import Dispatch

@main
struct YoloEdgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "yolo-edge",
        abstract: "INT8 YOLOv8 object detection for V4L2 cameras, published over a Unix socket.",
        discussion: """
            yolo-edge runs a YOLOv8 model (an Ultralytics TFLite INT8 export, or a model \
            converted by `yolo-edge convert`) in fixed-point integer arithmetic with a static \
            memory arena. Run `yolo-edge help <subcommand>` for details of each subcommand.
            """,
        version: "0.1.0",
        subcommands: [
            RunCommand.self, WatchCommand.self, StatusCommand.self, SnapshotCommand.self, PurgeDiscoveryCommand.self,
            DetectCommand.self, EvalCommand.self, InspectCommand.self, BenchCommand.self, ConvertCommand.self,
            DevicesCommand.self, CaptureCommand.self, OutputsCommand.self,
        ]
    )

    /// Parses the command line and runs the chosen subcommand; async subcommands run as a task
    /// while the main thread waits for it.
    ///
    /// Not ArgumentParser's `AsyncParsableCommand.main`: an async `main` hands the main thread
    /// to `dispatch_main`, which ends it with `pthread_exit`, and that exit unwinds the stack
    /// through the binary's unwind tables: `bench` peaked 1.3 MB higher with it
    /// (docs/measurements.md). Nothing in yolo-edge runs on the main actor, so blocking the
    /// main thread holds nothing up.
    static func main() {
        ProcessMemory.reserveLessAddressSpace()
        do {
            let command = try parseAsRoot()
            if let asynchronous = command as? any AsyncParsableCommand {
                try waitFor(asynchronous)
            } else {
                var synchronous = command
                try synchronous.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    private static func waitFor(_ command: any AsyncParsableCommand) throws {
        let handoff = TaskHandoff(command)
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await handoff.command.run()
            } catch {
                handoff.error = error
            }
            done.signal()
        }
        done.wait()
        if let error = handoff.error { throw error }
    }

    /// The command, handed to the task, and its error, handed back to the main thread. Only
    /// the task touches it until the semaphore signals, which orders its writes before the read.
    private final class TaskHandoff: @unchecked Sendable {
        var command: any AsyncParsableCommand
        var error: (any Error)?

        init(_ command: any AsyncParsableCommand) { self.command = command }
    }
}
