import Foundation
import TestSupport
import Testing

/// `outputs` (the scorer's view of the engine): one run on a float input, outputs written dequantized.
@Suite struct OutputsCommandTests {
    @Test func writesEachOutputDequantizedAndNamesIt() throws {
        try ReferenceData.require(binary: true)
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        // A grey 640x640 NCHW input: the letterbox padding colour everywhere.
        let input = [Float](repeating: 114 / 255, count: 3 * 640 * 640)
        try input.withUnsafeBytes { try Data($0).write(to: folder.file("input.bin")) }
        let result = try Subprocess.check(try builtBinary(), [
            "outputs", "--model", ReferenceData.fullIntegerModel.path, "--input", folder.file("input.bin").path,
            "--out", folder.file("").path,
        ])
        struct Listing: Decodable {
            struct Output: Decodable { let name: String; let file: String; let shape: [Int] }
            let outputs: [Output]
        }
        let listing = try JSONDecoder().decode(Listing.self, from: result.output)
        let output = try #require(listing.outputs.first)
        #expect(listing.outputs.count == 1 && output.shape == [1, 84, 8400])
        let values = try Data(contentsOf: folder.file(output.file)).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(values.count == 84 * 8400)
        // Rows 0-3 are boxes as fractions of the input, the rest scores: real values, not int8 levels.
        #expect(values.allSatisfy { $0 > -0.01 && $0 < 1.5 } && values.contains { $0 > 0.1 })

        let short = try Subprocess.run(try builtBinary(), [
            "outputs", "--model", ReferenceData.fullIntegerModel.path, "--input", ReferenceData.fullIntegerModel.path,
            "--out", folder.file("").path,
        ])
        #expect(short.status != 0 && short.errors.contains("needs 1228800"), "\(short.errors)")
    }
}
