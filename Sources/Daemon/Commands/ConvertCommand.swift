import ArgumentParser
import Infer

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Write a model in yolo-edge's own file format (.yem).",
        discussion: """
            Reads a model yolo-edge can run (an Ultralytics TFLite full-integer export, or a \
            .yem) and writes it as a .yem file: the engine's graph with 64-byte-aligned \
            weights, versioned and checksummed, which loads without the TFLite parser. \
            Every command also takes the .tflite directly.
            """)

    @Argument(help: ArgumentHelp("The model to convert.", valueName: "model"))
    var input: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the .yem file.", valueName: "path"))
    var output: String

    func run() throws {
        let graph = try ModelLoader.load(path: input)
        try ModelFileWriter.write(graph, to: output)
        let reloaded = try ModelLoader.load(path: output)
        print("wrote \(output): \(reloaded.nodes.count) nodes, \(reloaded.tensors.count) tensors, \(reloaded.metadata.classNames.count) classes")
    }
}
