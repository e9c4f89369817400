import TestSupport
import Testing
@testable import Track

@Suite struct GatedAssignmentTests {
    /// Greedy matching (best pair first) would give row 0 column 0 and leave row 1 without one;
    /// the optimum gives both rows a column.
    @Test func theOptimumBeatsGreedyMatching() {
        var assignment = GatedAssignment(maxRows: 2, maxColumns: 2)
        assignment.similarities.reset(rowCount: 2, columnCount: 2)
        assignment.similarities[0, 0] = 0.6
        assignment.similarities[0, 1] = 0.5
        assignment.similarities[1, 0] = 0.55
        assignment.solve()
        #expect(assignment.columnOfRow == [1, 0])
    }

    @Test func forbiddenPairsAreNeverMade() {
        var assignment = GatedAssignment(maxRows: 3, maxColumns: 2)
        assignment.similarities.reset(rowCount: 3, columnCount: 2)
        assignment.similarities[0, 1] = 0.9
        assignment.similarities[2, 1] = 0.8
        assignment.solve()
        #expect(assignment.columnOfRow == [1, -1, -1])
    }

    /// Equal options go to the earlier row and column.
    @Test func tiesAreBrokenByOrder() {
        var assignment = GatedAssignment(maxRows: 2, maxColumns: 2)
        assignment.similarities.reset(rowCount: 2, columnCount: 2)
        for row in 0..<2 {
            for column in 0..<2 {
                assignment.similarities[row, column] = 0.5
            }
        }
        assignment.solve()
        #expect(assignment.columnOfRow == [0, 1])
    }

    /// On random matrices of up to 6 × 6 with forbidden pairs, the total similarity equals the
    /// best any one-to-one matching of allowed pairs reaches (found by trying them all).
    @Test func theTotalIsTheBestPossible() {
        var random = SeededGenerator(seed: 42)
        var assignment = GatedAssignment(maxRows: 6, maxColumns: 6)
        for trial in 0..<400 {
            let rows = Int.random(in: 1...6, using: &random), columns = Int.random(in: 1...6, using: &random)
            assignment.similarities.reset(rowCount: rows, columnCount: columns)
            for row in 0..<rows {
                for column in 0..<columns where Double.random(in: 0..<1, using: &random) < 0.5 {
                    // Coarse values, so that ties occur.
                    assignment.similarities[row, column] = Float(Int.random(in: 1...10, using: &random)) / 10
                }
            }
            assignment.solve()
            var total: Float = 0
            var used = Set<Int>()
            for row in 0..<rows where assignment.columnOfRow[row] >= 0 {
                let column = assignment.columnOfRow[row]
                let similarity = assignment.similarities[row, column]
                #expect(similarity != nil, "trial \(trial): forbidden pair \(row), \(column)")
                #expect(used.insert(column).inserted, "trial \(trial): column \(column) twice")
                total += similarity ?? 0
            }
            let best = Self.bestTotal(assignment.similarities, row: 0, used: [])
            #expect(abs(total - best) < 1e-5, "trial \(trial): \(total) against \(best)")
        }
    }

    private static func bestTotal(_ matrix: SimilarityMatrix, row: Int, used: Set<Int>) -> Float {
        guard row < matrix.rowCount else { return 0 }
        var best = bestTotal(matrix, row: row + 1, used: used)
        for column in 0..<matrix.columnCount where !used.contains(column) {
            if let similarity = matrix[row, column] {
                best = max(best, similarity + bestTotal(matrix, row: row + 1, used: used.union([column])))
            }
        }
        return best
    }
}
