import Foundation
import TestSupport
import Testing

@testable import Infer

struct ModelFileTests {
    private let synthetic: Graph

    init() throws {
        synthetic = try TFLiteModelReader.read(SyntheticTFLiteModel().bytes())
    }

    @Test func syntheticGraphRoundTrips() throws {
        var graph = synthetic
        graph.metadata = ModelMetadata(classNames: ["a", "b \"quoted\" ü"], description: "test")
        let bytes = try ModelFileWriter.encode(graph)
        #expect(ModelLoader.detectFormat(bytes) == .yem)
        #expect(graphDifferences(try ModelFileReader.read(bytes), graph) == [])
        #expect(try ModelFileWriter.encode(graph) == bytes, "the same graph gives the same bytes")
    }

    @Test(ReferenceData.skipTrait(), arguments: [ReferenceData.fullIntegerModel, ReferenceData.floatInterfaceModel])
    func realModelRoundTripsThroughAFile(model: URL) throws {
        try ReferenceData.require()
        let original = try ModelLoader.load(path: model.path)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("model.yem").path
        try ModelFileWriter.write(original, to: path)
        let reloaded = try ModelLoader.load(path: path)
        #expect(graphDifferences(reloaded, original) == [])
        #expect(reloaded.metadata.classNames.count == 80)
    }

    @Test func blobsAreAlignedAndHoldTheConstants() throws {
        let bytes = try ModelFileWriter.encode(synthetic)
        let header = try ModelFileHeader.decode(LittleEndianBytes(bytes))
        #expect(header.graph.lowerBound == 64 && header.blobs.lowerBound % 64 == 0)
        #expect(header.fileSize == bytes.count)
        let record = try JSONDecoder().decode(GraphRecord.self, from: Data(bytes[header.graph]))
        for (tensor, tensorRecord) in zip(synthetic.tensors, record.tensors) {
            #expect((tensorRecord.blob != nil) == tensor.isConstant)
            guard let blob = tensorRecord.blob else { continue }
            #expect(blob.offset % 64 == 0)
            let start = header.blobs.lowerBound + blob.offset
            #expect(Array(bytes[start..<(start + blob.size)]) == tensor.data)
        }
    }

    @Test func writerRejectsAnInvalidGraph() {
        var graph = synthetic
        graph.tensors[1].data?.removeLast()
        #expect(throws: ModelFileWriter.WriteError.self) { try ModelFileWriter.encode(graph) }
    }

    @Test func anySingleByteFlipIsDetected() throws {
        let bytes = try ModelFileWriter.encode(synthetic)
        for position in bytes.indices {
            var damaged = bytes
            damaged[position] ^= 0x20
            #expect(throws: ModelLoadError.self, "flip at \(position)") { try ModelFileReader.read(damaged) }
        }
        for length in 0..<bytes.count {
            #expect(throws: ModelLoadError.self, "truncated to \(length)") {
                try ModelFileReader.read(Array(bytes[..<length]))
            }
        }
    }

    /// Rewrites the graph section and fixes both checksums, so only validation can object.
    private func withGraphSection(_ bytes: [UInt8], _ edit: (String) -> String) throws -> [UInt8] {
        let header = try ModelFileHeader.decode(LittleEndianBytes(bytes))
        let json = String(decoding: bytes[header.graph], as: UTF8.self)
        let edited = Array(edit(json).utf8)
        try #require(edited.count == json.utf8.count, "edits must keep the length")
        var result = bytes
        result.replaceSubrange(header.graph, with: edited)
        return resealed(result, header: header)
    }

    private func resealed(_ bytes: [UInt8], header: ModelFileHeader) -> [UInt8] {
        var header = header
        header.payloadChecksum = CRC32.checksum(bytes, 64..<bytes.count)
        return header.encoded() + bytes[64...]
    }

    @Test func validationCatchesWhatTheChecksumCannot() throws {
        let bytes = try ModelFileWriter.encode(synthetic)
        func expectError(_ message: String, _ edit: @escaping (String) -> String) throws {
            let edited = try withGraphSection(bytes, edit)
            #expect {
                try ModelFileReader.read(edited)
            } throws: { error in
                (error as? ModelLoadError)?.message.contains(message) == true
            }
        }
        try expectError("tensor index 9 out of range") {
            $0.replacingOccurrences(of: "\"outputs\":[6]", with: "\"outputs\":[9]")
        }
        try expectError("unaligned or outside") {
            $0.replacingOccurrences(of: "\"offset\":64", with: "\"offset\":65")
        }
        try expectError("not a valid graph description") {
            $0.replacingOccurrences(of: "\"int8\"", with: "\"int9\"")
        }
        try expectError("has 8 bytes of data, shape [3] int32 needs 12") {
            $0.replacingOccurrences(of: "\"size\":12", with: "\"size\": 8")
        }
    }

    @Test func newerFormatVersionIsRejectedByName() throws {
        var bytes = try ModelFileWriter.encode(synthetic)
        var header = try ModelFileHeader.decode(LittleEndianBytes(bytes))
        header.version = 3
        bytes.replaceSubrange(0..<64, with: header.encoded())
        #expect(throws: ModelLoadError(.unsupported, ".yem format version 3; this build reads versions 1 to 2")) {
            try ModelFileReader.read(bytes)
        }
    }

    /// A BATCH_MATMUL of the graph's two int8 inputs: an operator of format version 2.
    private static let matrixProduct: Graph = {
        let quantization = Quantization(scale: 0.1, zeroPoint: 0)
        let tensors = [[2, 3], [3, 4], [2, 4]].enumerated().map { index, shape in
            Tensor(name: "t\(index)", type: .int8, shape: shape, quantization: quantization)
        }
        return Graph(
            tensors: tensors, nodes: [Node(op: .batchMatMul(adjointLeft: false, adjointRight: false), inputs: [0, 1], outputs: [2])],
            inputs: [0, 1], outputs: [2])
    }()

    @Test func filesAreWrittenInTheOldestVersionThatHoldsTheirOperators() throws {
        #expect(try ModelFileHeader.decode(LittleEndianBytes(ModelFileWriter.encode(synthetic))).version == 1)
        let bytes = try ModelFileWriter.encode(Self.matrixProduct)
        #expect(try ModelFileHeader.decode(LittleEndianBytes(bytes)).version == 2)
        #expect(graphDifferences(try ModelFileReader.read(bytes), Self.matrixProduct) == [])
    }

    @Test func version2OperatorsWithOperandsThatDoNotFitAreMalformed() throws {
        var depthwise = Self.matrixProduct
        depthwise.tensors = [[1, 4, 4, 4], [4, 3, 3, 1], [1, 4, 4, 4]].enumerated().map { index, shape in
            Tensor(
                name: "t\(index)", type: .int8, shape: shape, quantization: Quantization(scale: 0.1, zeroPoint: 0),
                data: index == 1 ? Array(repeating: 1, count: 36) : nil)
        }
        depthwise.nodes = [Node(op: .depthwiseConv2D(Conv2DOptions(padding: .same)), inputs: [0, 1], outputs: [2])]
        depthwise.inputs = [0]
        // Edits of equal length that keep each constant's byte count.
        for (graph, edit, message) in [
            (Self.matrixProduct, ("\"shape\":[2,4]", "\"shape\":[2,5]"), "do not multiply into [2, 5]"),
            (depthwise, ("\"shape\":[4,3,3,1]", "\"shape\":[2,3,3,2]"), "are not a depthwise convolution of 4 channels"),
        ] {
            let edited = try withGraphSection(try ModelFileWriter.encode(graph)) {
                $0.replacingOccurrences(of: edit.0, with: edit.1)
            }
            let error = try #require(throws: ModelLoadError.self) { try ModelFileReader.read(edited) }
            #expect(error.kind == .malformed && error.message.contains(message), "\(error)")
        }
    }

    @Test func aVersion1FileWithAVersion2OperatorIsMalformed() throws {
        var bytes = try ModelFileWriter.encode(Self.matrixProduct)
        var header = try ModelFileHeader.decode(LittleEndianBytes(bytes))
        header.version = 1
        bytes.replaceSubrange(0..<64, with: header.encoded())
        #expect(throws: ModelLoadError(.malformed, "operator BATCH_MATMUL needs format version 2, the file is version 1")) {
            try ModelFileReader.read(bytes)
        }
    }
}
