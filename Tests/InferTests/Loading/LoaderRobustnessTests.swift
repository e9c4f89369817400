import Testing

@testable import Infer

/// SplitMix64: a tiny seeded generator, so every run mutates the same way.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D4_9BB1_3311_14EB
        return z ^ (z >> 31)
    }
}

/// Damages model files the ways storage and transfers do, plus the values
/// that break size arithmetic.
struct Mutator {
    var generator: SeededGenerator

    private static let interestingWords: [UInt32] = [
        0, 1, 2, 3, 4, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF,
    ]

    /// A position biased to the file's ends: FlatBuffers keep the root and
    /// small tables at the front and the subgraph tables behind the weights.
    private mutating func position(in bytes: [UInt8]) -> Int {
        let count = bytes.count
        switch Int.random(in: 0..<5, using: &generator) {
        case 0, 1: return Int.random(in: 0..<min(count, 4096), using: &generator)
        case 2, 3: return Int.random(in: max(0, count - 131_072)..<count, using: &generator)
        default: return Int.random(in: 0..<count, using: &generator)
        }
    }

    /// One or two damages; in-place ones are likelier than shifting ones
    /// (truncation, insertion, deletion), which mostly break the same first offset.
    mutating func mutate(_ original: [UInt8]) -> [UInt8] {
        var bytes = original
        for _ in 0..<Int.random(in: 1...2, using: &generator) where !bytes.isEmpty {
            let at = position(in: bytes)
            switch Int.random(in: 0..<9, using: &generator) {
            case 0, 1:
                bytes[at] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
            case 2, 3:
                bytes[at] = UInt8.random(in: 0...255, using: &generator)
            case 4, 5:
                let word = Self.interestingWords.randomElement(using: &generator) ?? 0
                for byte in 0..<4 where at + byte < bytes.count {
                    bytes[at + byte] = UInt8(truncatingIfNeeded: word >> (8 * byte))
                }
            case 6:
                bytes.removeSubrange(at...)
            case 7:
                let garbage = (0..<Int.random(in: 1...16, using: &generator)).map { _ in
                    UInt8.random(in: 0...255, using: &generator)
                }
                bytes.insert(contentsOf: garbage, at: at)
            default:
                bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...64, using: &generator)))
            }
        }
        return bytes
    }
}

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

    private func mutationRun(_ original: [UInt8], count: Int, seed: UInt64) -> (loaded: Int, rejected: Int) {
        var mutator = Mutator(generator: SeededGenerator(seed: seed))
        var loaded = 0
        for _ in 0..<count {
            if loads(mutator.mutate(original)) { loaded += 1 }
        }
        return (loaded, count - loaded)
    }

    /// 10,000 mutated copies in four seeded shares, which Swift Testing runs in parallel.
    @Test(LoaderSharedModels.trait, arguments: 0..<4)
    func tenThousandMutationsOfTheRealModel(share: UInt64) throws {
        let original = try LoaderSharedModels.fullIntegerBytes()
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
        var mutator = Mutator(generator: SeededGenerator(seed: 11))
        for _ in 0..<3_000 {
            let damaged = mutator.mutate(yem)
            guard damaged != yem else { continue }
            #expect(!loads(damaged), "a damaged .yem file loaded")
        }
    }

    @Test(LoaderSharedModels.trait) func truncatedRealModelNeverCrashes() throws {
        let original = try LoaderSharedModels.fullIntegerBytes()
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

/// `.yem` files whose checksums were recomputed after the damage, as a
/// hostile writer would: only validation stands between them and the engine.
struct ResealedModelFileTests {
    private let original: [UInt8]

    init() throws {
        original = try ModelFileWriter.encode(TFLiteModelReader.read(SyntheticTFLiteModel().bytes()))
    }

    /// `payload` (graph section, padding, blobs) behind a header that describes it correctly.
    private func sealed(graph: [UInt8], blobs: [UInt8]) -> [UInt8] {
        let blobStart = ModelFileFormat.aligned(64 + graph.count)
        let payload = graph + [UInt8](repeating: 0, count: blobStart - 64 - graph.count) + blobs
        let header = ModelFileHeader(
            graph: 64..<(64 + graph.count), blobs: blobStart..<(blobStart + blobs.count),
            fileSize: 64 + payload.count, payloadChecksum: CRC32.checksum(payload))
        return header.encoded() + payload
    }

    private func sections(_ file: [UInt8]) throws -> (graph: [UInt8], blobs: [UInt8]) {
        let header = try ModelFileHeader.decode(LittleEndianBytes(file))
        return (Array(file[header.graph]), Array(file[header.blobs]))
    }

    @Test func resealingKeepsAFileValid() throws {
        let (graph, blobs) = try sections(original)
        #expect(sealed(graph: graph, blobs: blobs) == original)
    }

    @Test func mutatedGraphSectionsLoadOrThrow() throws {
        let (graph, blobs) = try sections(original)
        var mutator = Mutator(generator: SeededGenerator(seed: 5))
        var rejected = 0
        for _ in 0..<2_000 {
            do {
                _ = try ModelFileReader.read(sealed(graph: mutator.mutate(graph), blobs: blobs))
            } catch {
                rejected += 1
            }
        }
        #expect(rejected > 1_000)
    }

    @Test func hostileJSONIsRejected() throws {
        let (_, blobs) = try sections(original)
        let hostile = [
            String(repeating: "[", count: 100_000),
            String(repeating: "{\"a\":", count: 50_000),
            "{\"tensors\":[{\"name\":\"x\",\"type\":\"int8\",\"shape\":[1e300]}],\"nodes\":[],\"inputs\":[],\"outputs\":[],\"metadata\":{\"classNames\":[],\"description\":\"\"}}",
            "{\"tensors\":[{\"name\":\"x\",\"type\":\"int8\",\"shape\":[4294967296,4294967296]}],\"nodes\":[],\"inputs\":[0],\"outputs\":[0],\"metadata\":{\"classNames\":[],\"description\":\"\"}}",
            "{\"tensors\":[{\"name\":\"x\",\"type\":\"int8\",\"shape\":[8],\"blob\":{\"offset\":-64,\"size\":8}}],\"nodes\":[],\"inputs\":[],\"outputs\":[0],\"metadata\":{\"classNames\":[],\"description\":\"\"}}",
        ]
        for json in hostile {
            #expect(throws: ModelLoadError.self) {
                try ModelFileReader.read(sealed(graph: Array(json.utf8), blobs: blobs))
            }
        }
    }
}
