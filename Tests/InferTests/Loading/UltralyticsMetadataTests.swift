import Testing

@testable import Infer

struct UltralyticsMetadataTests {
    /// A ZIP archive with one stored (uncompressed) entry, laid out as
    /// Python's zipfile appends it to a file that starts `prefixLength` bytes earlier.
    static func storedZip(name: String, contents: [UInt8], prefixLength: Int, crc: UInt32? = nil) -> [UInt8] {
        func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        let nameBytes = Array(name.utf8)
        let checksum = crc ?? CRC32.checksum(contents)
        let sizes = le32(UInt32(contents.count)) + le32(UInt32(contents.count))
        let local =
            le32(0x0403_4B50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0)
            + le32(checksum) + sizes + le16(nameBytes.count) + le16(0) + nameBytes + contents
        let central =
            le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0)
            + le32(checksum) + sizes + le16(nameBytes.count) + le16(0) + le16(0) + le16(0)
            + le16(0) + le32(0) + le32(UInt32(prefixLength)) + nameBytes
        let end =
            le32(0x0605_4B50) + le16(0) + le16(0) + le16(1) + le16(1)
            + le32(UInt32(central.count)) + le32(UInt32(prefixLength + local.count)) + le16(0)
        return local + central + end
    }

    static let metadataText = """
        {'description': 'Ultralytics \\'nano\\' model', 'stride': 32, 'imgsz': [640, 640], \
        'names': {0: 'person', 1: "traffic \\"light\\"", 2: 'caf\\xe9 \\u00e9'}, 'batch': 1}
        """

    private func model(withMetadata text: String, crc: UInt32? = nil) -> SyntheticTFLiteModel {
        var model = SyntheticTFLiteModel()
        let prefix = model.bytes().count
        model.trailer = Self.storedZip(
            name: "temp_meta.txt", contents: Array(text.utf8), prefixLength: prefix, crc: crc)
        return model
    }

    @Test func crcMatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
    }

    @Test func namesAndDescriptionComeFromTheAppendedZip() throws {
        let graph = try TFLiteModelReader.read(model(withMetadata: Self.metadataText).bytes())
        #expect(graph.metadata.classNames == ["person", "traffic \"light\"", "café é"])
        #expect(graph.metadata.description == "Ultralytics 'nano' model")
    }

    @Test func damagedOrMissingMetadataMeansNoNames() throws {
        let damaged = [
            model(withMetadata: Self.metadataText, crc: 1),  // CRC mismatch
            model(withMetadata: "{'names': {0: 'a', 2: 'c'}}"),  // gap in the ids
            model(withMetadata: "{'names': {0: 'a', 0: 'b'}}"),  // duplicate id
            model(withMetadata: "{'names': {0: 'a', 1: 'b'"),  // truncated
            model(withMetadata: "__import__('os').system('true')"),  // code, not a literal
        ]
        for model in damaged {
            let graph = try TFLiteModelReader.read(model.bytes())
            #expect(graph.metadata.classNames.isEmpty)
        }
        var truncated = model(withMetadata: Self.metadataText).bytes()
        truncated.removeLast(10)
        #expect(try TFLiteModelReader.read(truncated).metadata == ModelMetadata())
    }

    @Test func pythonLiteralsParseWithoutEvaluation() throws {
        let literal = try PythonLiteral.parse(
            " {'a': (1, -2.5, True, False, None), \"b\": ['x\\ny', 'tab\\there'], 3: {}, 'n': 1_000} ")
        #expect(literal["a"] == .list([.integer(1), .float(-2.5), .bool(true), .bool(false), .none]))
        #expect(literal["b"] == .list([.string("x\ny"), .string("tab\there")]))
        #expect(literal["n"] == .integer(1000))
        #expect(
            UltralyticsMetadata.metadata(from: try PythonLiteral.parse("{'names': ['a', 'b']}")).classNames
                == ["a", "b"])
        for bad in ["{'a' 1}", "[1, 2", "'open", "{'a': 1} trailing", "nonsense", "'\\x4'", ""] {
            #expect(throws: PythonLiteral.SyntaxError.self) { try PythonLiteral.parse(bad) }
        }
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: PythonLiteral.SyntaxError.self) { try PythonLiteral.parse(deep) }
    }
}
