import FoundationEssentials

/// Reads a `.yem` file (layout in `ModelFileFormat`) into a validated `Graph`.
public enum ModelFileReader {
    /// Whether `bytes` starts with the `.yem` magic.
    public static func recognizes(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: ModelFileFormat.magic)
    }

    public static func read(_ bytes: [UInt8]) throws(ModelLoadError) -> Graph {
        guard recognizes(bytes) else { throw .malformed("no .yem magic at offset 0") }
        let file = LittleEndianBytes(bytes)
        let header = try ModelFileHeader.decode(file)
        let payloadChecksum = CRC32.checksum(bytes, header.headerSize..<bytes.count)
        guard payloadChecksum == header.payloadChecksum else {
            throw ModelLoadError(
                .checksumMismatch,
                "content checksum is \(ModelFileHeader.hex(payloadChecksum)), "
                    + "header says \(ModelFileHeader.hex(header.payloadChecksum)): the file is damaged")
        }
        let record: GraphRecord
        do {
            record = try JSONDecoder().decode(GraphRecord.self, from: Data(bytes[header.graph]))
        } catch {
            throw .malformed("graph section is not a valid graph description: \(error)")
        }
        if let op = record.nodes.map(\.op).first(where: { $0.formatVersion > header.version }) {
            throw .malformed("operator \(op.name) needs format version \(op.formatVersion), the file is version \(header.version)")
        }
        let blobs = bytes[header.blobs]
        // Constants that share a blob share storage, like TFLite buffers.
        var dataByOffset: [Int: [UInt8]] = [:]
        var tensors: [Tensor] = []
        for (index, tensorRecord) in record.tensors.enumerated() {
            let data = try withContext("tensor \(index) '\(tensorRecord.name)'") {
                () throws(ModelLoadError) -> [UInt8]? in
                guard let blob = tensorRecord.blob else { return nil }
                if let shared = dataByOffset[blob.offset], shared.count == blob.size { return shared }
                let data = try blobData(blob, in: blobs)
                dataByOffset[blob.offset] = data
                return data
            }
            tensors.append(
                Tensor(
                    name: tensorRecord.name, type: tensorRecord.type, shape: tensorRecord.shape,
                    quantization: tensorRecord.quantization, data: data))
        }
        let graph = Graph(
            tensors: tensors, nodes: record.nodes, inputs: record.inputs, outputs: record.outputs,
            metadata: record.metadata)
        try GraphValidator.validate(graph)
        return graph
    }

    private static func blobData(
        _ blob: GraphRecord.BlobReference, in blobs: ArraySlice<UInt8>
    ) throws(ModelLoadError) -> [UInt8] {
        guard blob.offset >= 0, blob.offset % ModelFileFormat.alignment == 0, blob.size >= 0,
            blob.offset <= blobs.count, blob.size <= blobs.count - blob.offset
        else {
            throw .malformed(
                "blob at \(blob.offset) of \(blob.size) bytes is unaligned or outside the "
                    + "\(blobs.count)-byte blob section")
        }
        let start = blobs.startIndex + blob.offset
        return Array(blobs[start..<(start + blob.size)])
    }
}
