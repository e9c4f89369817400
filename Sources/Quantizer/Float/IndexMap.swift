import Infer
import QuantizerKernels

/// Precomputed element indices for a gather, scatter or broadcast, with the
/// smallest source size they are valid for, so the C loops are only ever
/// called in bounds.
struct IndexMap: Sendable {
    let indices: [Int]
    /// Largest index + 1.
    let extent: Int

    init(_ indices: [Int]) {
        self.indices = indices
        extent = (indices.max() ?? -1) + 1
    }

    var count: Int { indices.count }

    /// `source[indices[k]]` for every k; nil when `source` is too small.
    func gather(_ source: [Float]) -> [Float]? {
        guard source.count >= extent else { return nil }
        return [Float](unsafeUninitializedCapacity: indices.count) { output, initialized in
            source.withUnsafeBufferPointer { input in
                indices.withUnsafeBufferPointer { index in
                    f32_gather(input.baseAddress, index.baseAddress, output.baseAddress, indices.count)
                }
            }
            initialized = indices.count
        }
    }

    /// A zero-filled array of `count` elements with `source[k]` written at
    /// `indices[k]`; nil when the sizes disagree.
    func scatter(_ source: [Float], count: Int) -> [Float]? {
        guard source.count == indices.count, count >= extent else { return nil }
        var output = [Float](repeating: 0, count: count)
        source.withUnsafeBufferPointer { input in
            indices.withUnsafeBufferPointer { index in
                output.withUnsafeMutableBufferPointer { destination in
                    f32_scatter(input.baseAddress, index.baseAddress, destination.baseAddress, source.count)
                }
            }
        }
        return output
    }
}
