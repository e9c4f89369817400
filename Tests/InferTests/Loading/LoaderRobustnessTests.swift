import Foundation
import TestSupport
import Testing
@testable import Infer

struct LoaderRobustnessTests {
    /// Loads `bytes` as the loader would; `true` when it loaded. A crash fails
    /// the whole run; a thrown error is by type a `ModelLoadError`.
    private func loads(_ bytes: [UInt8]) -> Bool {
        do {
            switch ModelLoader.detectFormat(bytes) {
            case .tflite: _ = try TFLiteModelReader.read(bytes)
            case .yem: _ = try ModelFileReader.read(bytes)
            case nil: return false
            }
            return true
        } catch {
            #expect(!error.message.isEmpty)
            return false
        }
    }

    private func realModelBytes() throws -> [UInt8] {
        try ReferenceData.require()
        return [UInt8](try Data(contentsOf: ReferenceData.fullIntegerModel))
    }

    private func mutationRun(_ original: [UInt8], count: Int, seed: UInt64) -> (loaded: Int, rejected: Int) {
        var mutator = ModelMutator(generator: SeededGenerator(seed: seed))
        var loaded = 0
        for _ in 0..<count {
            if loads(mutator.mutate(original)) { loaded += 1 }
        }
        return (loaded, count - loaded)
    }

    /// 10,000 mutated copies in four seeded shares, which Swift Testing runs in parallel.
    @Test(ReferenceData.skipTrait(), arguments: 0..<4)
    func tenThousandMutationsOfTheRealModel(share: UInt64) throws {
        let original = try realModelBytes()
        let outcome = mutationRun(original, count: 2_500, seed: 2024 + share)
        // Both outcomes occur: damage in weights still loads, damage in structure does not.
        #expect(outcome.loaded > 0 && outcome.rejected > 0, "\(outcome)")
    }

    @Test func tenThousandMutationsOfASyntheticModel() {
        let outcome = mutationRun(SyntheticTFLiteModel().bytes(), count: 10_000, seed: 7)
        #expect(outcome.loaded > 0 && outcome.rejected > 0, "\(outcome)")
    }

    @Test func mutatedModelFilesAreAllRejected() throws {
        let yem = try ModelFileWriter.encode(TFLiteModelReader.read(SyntheticTFLiteModel().bytes()))
        var mutator = ModelMutator(generator: SeededGenerator(seed: 11))
        for _ in 0..<3_000 {
            let damaged = mutator.mutate(yem)
            guard damaged != yem else { continue }
            #expect(!loads(damaged), "a damaged .yem file loaded")
        }
    }

    @Test func truncatedRealModelNeverCrashes() throws {
        let original = try realModelBytes()
        var lengths = Array(0..<512)
        lengths += stride(from: 512, to: original.count, by: original.count / 1_500)
        for length in lengths {
            // Without its structure (at the front and behind the weights) the model cannot load.
            let loaded = loads(Array(original[..<length]))
            #expect(!loaded || length > original.count / 2, "truncated to \(length) bytes and loaded")
        }
    }

    @Test func randomBytesAreRejected() {
        var generator = SeededGenerator(seed: 99)
        for trial in 0..<2_000 {
            var bytes = (0..<Int.random(in: 0..<2_048, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            // Let two thirds of them past format detection.
            if trial % 3 == 1, bytes.count >= 8 { bytes.replaceSubrange(4..<8, with: Array("TFL3".utf8)) }
            if trial % 3 == 2, bytes.count >= 8 { bytes.replaceSubrange(0..<8, with: ModelFileFormat.magic) }
            #expect(!loads(bytes))
        }
    }
}
