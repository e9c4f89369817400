/// How a BATCH_MATMUL node's operands multiply: the product's sizes, and the
/// element steps the operands are read with, which is all the adjoint flags
/// change (the engine's kernel, the float executor and the loader share it).
public struct BatchMatMulShape: Sendable, Equatable {
    /// The leading axes, equal in both operands and the output.
    public var batchAxes: [Int]
    public var rows: Int, depth: Int, columns: Int
    /// Within one batch, left (row r, depth k) is element r·leftRowStep + k·leftDepthStep,
    /// right (depth k, column n) element k·rightDepthStep + n·rightColumnStep.
    public var leftRowStep: Int, leftDepthStep: Int
    public var rightDepthStep: Int, rightColumnStep: Int

    public var batches: Int { batchAxes.reduce(1, *) }
    public var outputShape: [Int] { batchAxes + [rows, columns] }

    /// Nil when the shapes do not multiply: ranks differ or are below 2, the
    /// batch axes differ (no broadcasting), or the inner sizes differ.
    public init?(left: [Int], right: [Int], adjointLeft: Bool, adjointRight: Bool) {
        let rank = left.count
        guard rank >= 2, right.count == rank, left.dropLast(2) == right.dropLast(2) else { return nil }
        (rows, depth) = adjointLeft ? (left[rank - 1], left[rank - 2]) : (left[rank - 2], left[rank - 1])
        let rightDepth: Int
        (rightDepth, columns) = adjointRight ? (right[rank - 1], right[rank - 2]) : (right[rank - 2], right[rank - 1])
        guard rightDepth == depth else { return nil }
        batchAxes = Array(left.dropLast(2))
        (leftRowStep, leftDepthStep) = adjointLeft ? (1, rows) : (depth, 1)
        (rightDepthStep, rightColumnStep) = adjointRight ? (1, depth) : (columns, 1)
    }
}
