import Foundation
import Testing

@testable import Infer

struct ModelLoaderTests {
    private func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("yolo-edge-loader-\(UInt64.random(in: 0...UInt64.max))").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func missingFileIsNamed() {
        #expect(throws: ModelLoadError(.fileNotFound, "/nonexistent/model.tflite: no such model file")) {
            try ModelLoader.load(path: "/nonexistent/model.tflite")
        }
    }

    @Test(arguments: [
        (FileManager.default.temporaryDirectory.path, "a directory"), ("/dev/zero", "a character device"),
    ])
    func directoriesAndDevicesAreRefused(path: String, kind: String) {
        #expect(throws: ModelLoadError(.unreadable, "\(path): is \(kind), not a regular file")) {
            try ModelLoader.load(path: path)
        }
    }

    @Test func unknownContentIsRejectedWithThePath() throws {
        let path = try temporaryFile(Array("just some text, not a model".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            try ModelLoader.load(path: path)
        } throws: { error in
            (error as? ModelLoadError)
                == ModelLoadError(
                    .unknownFormat, "\(path): neither a TFLite model nor a .yem model (27 bytes)")
        }
    }

    @Test func formatIsDetectedByContentNotExtension() throws {
        let tflite = SyntheticTFLiteModel().bytes()
        let yem = try ModelFileWriter.encode(TFLiteModelReader.read(tflite))
        #expect(ModelLoader.detectFormat(tflite) == .tflite)
        #expect(ModelLoader.detectFormat(yem) == .yem)
        #expect(ModelLoader.detectFormat(Array("TFL3TFL2".utf8)) == nil)
        #expect(ModelLoader.detectFormat(Array("\0\0\0\0TFL3".utf8)) == .tflite)
        #expect(ModelLoader.detectFormat([]) == nil)
        let path = try temporaryFile(yem)  // no extension at all
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ModelLoader.load(path: path).nodes.count == 4)
    }

    @Test func readerErrorsCarryThePath() throws {
        var model = SyntheticTFLiteModel()
        model.operatorCodes[0] = SyntheticTFLiteModel.opcode(deprecated: 4)
        let path = try temporaryFile(model.bytes())
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(
            throws: ModelLoadError(
                .unsupported, "\(path): operator 0 (DEPTHWISE_CONV_2D): not supported by the engine")
        ) {
            try ModelLoader.load(path: path)
        }
    }
}
