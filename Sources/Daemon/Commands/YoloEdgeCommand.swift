import ArgumentParser

@main
struct YoloEdgeCommand: AsyncParsableCommand {
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
            RunCommand.self, WatchCommand.self, StatusCommand.self,
            DetectCommand.self, EvalCommand.self, InspectCommand.self, BenchCommand.self, ConvertCommand.self,
            DevicesCommand.self, CaptureCommand.self,
        ]
    )
}
