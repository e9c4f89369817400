/// An optimal assignment for one connected group of a `GatedAssignment`: the Hungarian algorithm
/// (Kuhn–Munkres with potentials and shortest augmenting paths, O(rows² × columns)).
///
/// The cost of a pair is 1 − similarity. Each row also has a column of its own meaning
/// "unassigned", at cost 1, so every allowed pair is worth taking and a row with none stays
/// unassigned; a forbidden pair costs more than that, so no optimum uses one. The solution
/// maximises the total similarity of the pairs made. Ties go the same way every time: the
/// first cheapest column, rows in the order given.
struct HungarianSolver {
    private static let unassignedCost = 1.0
    private static let forbiddenCost = 4.0

    // Indices from 1, as in the textbook form: row 0 and column 0 are the search's sentinels.
    private var rowPotential: [Double] = []
    private var columnPotential: [Double] = []
    private var rowOfColumn: [Int] = []
    private var previousColumn: [Int] = []
    private var minimumSlack: [Double] = []
    private var visited: [Bool] = []

    init(maxRows: Int, maxColumns: Int) {
        let columns = maxColumns + maxRows + 1
        rowPotential.reserveCapacity(maxRows + 1)
        columnPotential.reserveCapacity(columns)
        rowOfColumn.reserveCapacity(columns)
        previousColumn.reserveCapacity(columns)
        minimumSlack.reserveCapacity(columns)
        visited.reserveCapacity(columns)
    }

    /// Assigns the matrix rows `rows` to the matrix columns `columns`, writing each assigned
    /// row's column into `columnOfRow[row]` (other entries are left alone).
    mutating func solve(_ matrix: SimilarityMatrix, rows: [Int], columns: [Int], into columnOfRow: inout [Int]) {
        let rowCount = rows.count
        let columnCount = columns.count + rowCount
        Self.fill(&rowPotential, count: rowCount + 1, with: 0)
        Self.fill(&columnPotential, count: columnCount + 1, with: 0)
        Self.fill(&rowOfColumn, count: columnCount + 1, with: 0)
        Self.fill(&previousColumn, count: columnCount + 1, with: 0)
        for row in 1..<rowCount + 1 {
            rowOfColumn[0] = row
            var column = 0
            Self.fill(&minimumSlack, count: columnCount + 1, with: .infinity)
            Self.fill(&visited, count: columnCount + 1, with: false)
            // Grow a tree of tight edges from `row` until it reaches a free column.
            repeat {
                visited[column] = true
                let treeRow = rowOfColumn[column]
                var delta = Double.infinity
                var nextColumn = 0
                for candidate in 1..<columnCount + 1 where !visited[candidate] {
                    let slack = cost(matrix, rows, columns, treeRow, candidate)
                        - rowPotential[treeRow] - columnPotential[candidate]
                    if slack < minimumSlack[candidate] {
                        minimumSlack[candidate] = slack
                        previousColumn[candidate] = column
                    }
                    if minimumSlack[candidate] < delta {
                        delta = minimumSlack[candidate]
                        nextColumn = candidate
                    }
                }
                for candidate in 0..<columnCount + 1 {
                    if visited[candidate] {
                        rowPotential[rowOfColumn[candidate]] += delta
                        columnPotential[candidate] -= delta
                    } else {
                        minimumSlack[candidate] -= delta
                    }
                }
                column = nextColumn
            } while rowOfColumn[column] != 0
            // Flip the augmenting path back to the root.
            repeat {
                let previous = previousColumn[column]
                rowOfColumn[column] = rowOfColumn[previous]
                column = previous
            } while column != 0
        }
        for column in 0..<columns.count where rowOfColumn[column + 1] != 0 {
            columnOfRow[rows[rowOfColumn[column + 1] - 1]] = columns[column]
        }
    }

    /// The cost of row `row` taking column `column`, both counted from 1; columns past the real
    /// ones are the rows' own "unassigned" columns.
    private func cost(_ matrix: SimilarityMatrix, _ rows: [Int], _ columns: [Int], _ row: Int, _ column: Int) -> Double {
        guard column <= columns.count else {
            return column - columns.count == row ? Self.unassignedCost : Self.forbiddenCost
        }
        guard let similarity = matrix[rows[row - 1], columns[column - 1]] else { return Self.forbiddenCost }
        return 1 - Double(similarity)
    }

    private static func fill<Element>(_ array: inout [Element], count: Int, with value: Element) {
        array.removeAll(keepingCapacity: true)
        for _ in 0..<count {
            array.append(value)
        }
    }
}
