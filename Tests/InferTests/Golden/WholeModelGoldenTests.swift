import Capture
import Foundation
import TestSupport
import Testing
@testable import Infer

/// The whole engine, run on real images as yolo-edge letterboxes them, must
/// produce the very bytes of LiteRT's reference kernels (BUILTIN_REF) in
/// every tensor it materializes: without fusion that is every tensor of the
/// graph; with fusion, every tensor that survives it (SiLU outputs included).
@Suite(.serialized) struct WholeModelGoldenTests {
    static let imageCount = 8

    @Test func everyTensorMatchesLiteRTOnRealImages() throws {
        try ReferenceData.require(python: true)
        let model = ReferenceData.fullIntegerModel.path
        let graph = try ModelLoader.load(path: model)
        let unfused = try Engine(graph: graph, options: EngineOptions(rewritesSchedule: false))
        let fused = try Engine(graph: graph, options: EngineOptions(threads: 2))
        let inputQuantization = try #require(graph.tensors[graph.inputs[0]].quantization)
        var letterboxer = try Letterboxer(
            inputWidth: 640, inputHeight: 640, quantization: try InputQuantizationTable(inputQuantization))
        let decoder = try JPEGDecoder()
        var image = RGBImage()
        var input = [Int8](repeating: 0, count: 640 * 640 * 3)

        let work = FileManager.default.temporaryDirectory
            .appendingPathComponent("yolo-edge-golden-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }

        var comparedUnfused = 0
        var comparedFused = 0
        for url in try ReferenceData.validationImageURLs(count: Self.imageCount) {
            try decoder.decodeFile(atPath: url.path, into: &image)
            _ = try letterboxer.letterbox(image, into: &input)
            let inputFile = work.appendingPathComponent("input.bin")
            try Data(input.map { UInt8(bitPattern: $0) }).write(to: inputFile)
            let golden = work.appendingPathComponent("golden")
            try? FileManager.default.removeItem(at: golden)
            _ = try Subprocess.check(ReferenceData.python, [
                ReferenceData.repositoryRoot.appendingPathComponent("tools/golden/dump_op_tensors.py").path,
                model, golden.path, "--input", inputFile.path,
            ])

            for engine in [unfused, fused] {
                engine.withInt8Input { buffer in
                    for index in buffer.indices { buffer[index] = input[index] }
                }
                var mismatches: [String] = []
                var compared = 0
                engine.run { tensor, bytes in
                    compared += 1
                    let expected = try? Data(contentsOf: golden.appendingPathComponent("t\(tensor).bin"))
                    guard let expected, [UInt8](expected) == bytes else {
                        let differing = expected.map { zip($0, bytes).filter { $0 != $1 }.count } ?? -1
                        mismatches.append("tensor \(tensor) '\(graph.tensors[tensor].name)': \(differing) bytes differ")
                        return
                    }
                }
                #expect(mismatches.isEmpty, "\(url.lastPathComponent): \(mismatches.prefix(5))")
                if engine === unfused { comparedUnfused += compared } else { comparedFused += compared }
            }
        }
        // Unfused, every node's output is compared: 255 per image.
        #expect(comparedUnfused == Self.imageCount * graph.nodes.count)
        #expect(comparedFused == Self.imageCount * fused.stepCount)
    }
}
