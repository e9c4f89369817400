import TestSupport
import Testing
@testable import Infer

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
            version: 1,  // the synthetic model's operators are all of version 1
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
        var mutator = ModelMutator(generator: SeededGenerator(seed: 5))
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
