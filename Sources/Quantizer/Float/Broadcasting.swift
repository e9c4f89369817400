import Infer
import QuantizerKernels

/// NumPy-style broadcasting, shared by the float executor and the ONNX
/// constant folder: shapes are aligned at their last dimension, and a
/// dimension of 1 stretches to the other's size.
enum Broadcasting {
    /// The broadcast shape of `a` and `b`, or `nil` when they do not broadcast.
    static func shape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        let a = [Int](repeating: 1, count: rank - a.count) + a
        let b = [Int](repeating: 1, count: rank - b.count) + b
        var result: [Int] = []
        for (x, y) in zip(a, b) {
            guard x == y || x == 1 || y == 1 else { return nil }
            result.append(x == 1 ? y : x)
        }
        return result
    }

    /// For each element of `output` (row-major), the index of the element of
    /// a tensor of `shape` that broadcasts to it. `shape` must broadcast to `output`.
    static func sourceIndices(of shape: [Int], broadcastTo output: [Int]) -> [Int] {
        let padded = [Int](repeating: 1, count: output.count - shape.count) + shape
        var strides = [Int](repeating: 0, count: output.count)
        var stride = 1
        for axis in padded.indices.reversed() {
            strides[axis] = padded[axis] == 1 ? 0 : stride
            stride *= padded[axis]
        }
        return TensorIndexing.gatherIndices(shape: output, strides: strides)
    }
}

package enum TensorIndexing {
    /// Row-major walk over `shape`, giving `sum(index[axis] * strides[axis])`
    /// per element. Ranks above 16 (never met in detection models) give [].
    static func gatherIndices(shape: [Int], strides: [Int]) -> [Int] {
        let count = shape.reduce(1, *)
        guard count > 0, shape.count <= 16, strides.count == shape.count, shape.allSatisfy({ $0 >= 0 }) else { return [] }
        return [Int](unsafeUninitializedCapacity: count) { offsets, initialized in
            shape.withUnsafeBufferPointer { shape in
                strides.withUnsafeBufferPointer { strides in
                    f32_strided_offsets(shape.baseAddress, strides.baseAddress, Int32(shape.count), offsets.baseAddress)
                }
            }
            initialized = count
        }
    }

    /// Row-major strides of `shape`.
    static func strides(of shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var stride = 1
        for axis in shape.indices.reversed() {
            strides[axis] = stride
            stride *= shape[axis]
        }
        return strides
    }

    /// The source index of each element of `transpose(tensor, permutation)`,
    /// where output axis `i` is input axis `permutation[i]`.
    static func transposeIndices(shape: [Int], permutation: [Int]) -> [Int] {
        let inputStrides = strides(of: shape)
        return gatherIndices(
            shape: permutation.map { shape[$0] }, strides: permutation.map { inputStrides[$0] })
    }

    /// `values` of a tensor of `shape`, transposed by `permutation`.
    static func transpose<T>(_ values: [T], shape: [Int], permutation: [Int]) -> [T] {
        transposeIndices(shape: shape, permutation: permutation).map { values[$0] }
    }

    package static func transpose(_ values: [Float], shape: [Int], permutation: [Int]) -> [Float] {
        IndexMap(transposeIndices(shape: shape, permutation: permutation)).gather(values) ?? []
    }
}
