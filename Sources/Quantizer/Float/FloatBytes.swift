import Infer

#if !_endian(little)
#error("model files and IR constants are little-endian; this converter copies them as host floats")
#endif

/// Float32 arrays to and from the little-endian bytes of IR and ONNX
/// constants, by plain copies (weights are megabytes; element loops are slow
/// in debug builds). Also `outputs`' input and output files.
package enum FloatBytes {
    /// The first `count` floats in `bytes`; nil when there are fewer.
    package static func floats(from bytes: [UInt8], count: Int) -> [Float]? {
        guard count >= 0, bytes.count >= count * 4 else { return nil }
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[0..<(count * 4)]))
            }
            initialized = count
        }
    }

    package static func bytes(of floats: [Float]) -> [UInt8] {
        floats.withUnsafeBytes { Array($0) }
    }
}
