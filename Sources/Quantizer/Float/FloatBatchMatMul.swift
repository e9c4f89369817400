import Infer

/// A float BATCH_MATMUL node: each batch's rows × columns dot products, read
/// with the steps `BatchMatMulShape` gives for the adjoint flags.
struct FloatBatchMatMul: Sendable {
    let shape: BatchMatMulShape

    func run(_ left: [Float], _ right: [Float]) -> [Float] {
        let (rows, depth, columns) = (shape.rows, shape.depth, shape.columns)
        var result = [Float](repeating: 0, count: shape.batches * rows * columns)
        for batch in 0..<shape.batches {
            let leftBase = batch * rows * depth, rightBase = batch * depth * columns
            for row in 0..<rows {
                for column in 0..<columns {
                    var sum: Float = 0
                    for k in 0..<depth {
                        sum += left[leftBase + row * shape.leftRowStep + k * shape.leftDepthStep]
                            * right[rightBase + k * shape.rightDepthStep + column * shape.rightColumnStep]
                    }
                    result[(batch * rows + row) * columns + column] = sum
                }
            }
        }
        return result
    }
}
