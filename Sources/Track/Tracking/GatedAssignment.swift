/// The optimal one-to-one matching of rows (tracks) to columns (detections) among the pairs a
/// `SimilarityMatrix` allows, maximising the total similarity.
///
/// The gate leaves most pairs forbidden, so the allowed pairs fall into small groups that share
/// no row or column; each group is solved on its own by `HungarianSolver`, whose cost grows with
/// the cube of a group's size, not of the frame's. A group of one row and one column is matched
/// at once. Every buffer is sized at init for `maxRows` × `maxColumns`.
struct GatedAssignment {
    var similarities: SimilarityMatrix
    /// The column each row was matched to by the latest `solve()`, or -1.
    private(set) var columnOfRow: [Int] = []
    private var solver: HungarianSolver
    /// Over the nodes, rows (0..<rows) then columns (rows + column): the union-find parents
    /// while allowed pairs are joined, then each node's group, named by its lowest node.
    private var group: [Int] = []
    /// Per group, its first node; per node, the next of its group: each group's members in
    /// ascending order, so rows before columns.
    private var firstMember: [Int] = []
    private var nextMember: [Int] = []
    private var groupRows: [Int] = []
    private var groupColumns: [Int] = []

    init(maxRows: Int, maxColumns: Int) {
        similarities = SimilarityMatrix(capacity: maxRows * maxColumns)
        solver = HungarianSolver(maxRows: maxRows, maxColumns: maxColumns)
        columnOfRow.reserveCapacity(maxRows)
        group.reserveCapacity(maxRows + maxColumns)
        firstMember.reserveCapacity(maxRows + maxColumns)
        nextMember.reserveCapacity(maxRows + maxColumns)
        groupRows.reserveCapacity(maxRows)
        groupColumns.reserveCapacity(maxColumns)
    }

    /// Matches the rows of `similarities` to its columns (`columnOfRow`).
    mutating func solve() {
        let rowCount = similarities.rowCount
        let nodeCount = rowCount + similarities.columnCount
        columnOfRow.removeAll(keepingCapacity: true)
        group.removeAll(keepingCapacity: true)
        firstMember.removeAll(keepingCapacity: true)
        nextMember.removeAll(keepingCapacity: true)
        for _ in 0..<rowCount {
            columnOfRow.append(-1)
        }
        for node in 0..<nodeCount {
            group.append(node)
            firstMember.append(-1)
            nextMember.append(-1)
        }
        for row in 0..<rowCount {
            for column in 0..<similarities.columnCount where similarities[row, column] != nil {
                join(row, rowCount + column)
            }
        }
        for node in 0..<nodeCount {
            group[node] = root(of: node)
        }
        for node in stride(from: nodeCount - 1, through: 0, by: -1) {
            nextMember[node] = firstMember[group[node]]
            firstMember[group[node]] = node
        }
        // Groups in the order of their first row.
        for row in 0..<rowCount where firstMember[group[row]] == row {
            groupRows.removeAll(keepingCapacity: true)
            groupColumns.removeAll(keepingCapacity: true)
            var member = row
            while member >= 0 {
                if member < rowCount {
                    groupRows.append(member)
                } else {
                    groupColumns.append(member - rowCount)
                }
                member = nextMember[member]
            }
            if groupColumns.isEmpty { continue }
            if groupRows.count == 1 && groupColumns.count == 1 {
                columnOfRow[row] = groupColumns[0]
            } else {
                solver.solve(similarities, rows: groupRows, columns: groupColumns, into: &columnOfRow)
            }
        }
    }

    private mutating func root(of node: Int) -> Int {
        var node = node
        while group[node] != node {
            group[node] = group[group[node]]
            node = group[node]
        }
        return node
    }

    /// Joins two nodes' trees under the lower root, so that a group's root is its first node.
    private mutating func join(_ first: Int, _ second: Int) {
        let firstRoot = root(of: first)
        let secondRoot = root(of: second)
        if firstRoot != secondRoot {
            group[max(firstRoot, secondRoot)] = min(firstRoot, secondRoot)
        }
    }
}
