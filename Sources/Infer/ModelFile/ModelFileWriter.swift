import FoundationEssentials

/// Writes a `Graph` as a `.yem` file (layout in `ModelFileFormat`).
public enum ModelFileWriter {
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The file's bytes. The graph is validated first, so every file
    /// written here reads back.
    public static func encode(_ graph: Graph) throws(WriteError) -> [UInt8] {
        do {
            try GraphValidator.validate(graph)
        } catch {
            throw WriteError(message: "graph is not valid: \(error.message)")
        }
        var blobs: [UInt8] = []
        let tensors = graph.tensors.map { tensor in
            var blob: GraphRecord.BlobReference?
            if let data = tensor.data {
                blobs.append(
                    contentsOf: repeatElement(0, count: ModelFileFormat.aligned(blobs.count) - blobs.count))
                blob = .init(offset: blobs.count, size: data.count)
                blobs.append(contentsOf: data)
            }
            return GraphRecord.TensorRecord(
                name: tensor.name, type: tensor.type, shape: tensor.shape,
                quantization: tensor.quantization, blob: blob)
        }
        let record = GraphRecord(
            tensors: tensors, nodes: graph.nodes, inputs: graph.inputs, outputs: graph.outputs,
            metadata: graph.metadata)
        let json: [UInt8]
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            json = [UInt8](try encoder.encode(record))
        } catch {
            throw WriteError(message: "cannot encode the graph: \(error)")
        }
        let graphStart = ModelFileFormat.headerSize
        let blobStart = ModelFileFormat.aligned(graphStart + json.count)
        var payload = json
        payload.append(contentsOf: repeatElement(0, count: blobStart - graphStart - json.count))
        payload.append(contentsOf: blobs)
        let header = ModelFileHeader(
            version: ModelFileFormat.version(for: graph.nodes),
            graph: graphStart..<(graphStart + json.count),
            blobs: blobStart..<(blobStart + blobs.count),
            fileSize: graphStart + payload.count,
            payloadChecksum: CRC32.checksum(payload))
        return header.encoded() + payload
    }

    /// Writes the file whole or not at all (`ReplacingFileWriter`): through a symbolic link to
    /// the file it names, and never over anything but a regular file.
    public static func write(_ graph: Graph, to path: String) throws(WriteError) {
        let bytes = try encode(graph)
        do {
            try ReplacingFileWriter.write(bytes, to: path)
        } catch {
            throw WriteError(message: error.description)
        }
    }
}
