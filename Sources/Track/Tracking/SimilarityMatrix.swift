/// How well each row (a track) fits each column (a detection) in one association: a similarity
/// above 0, or nil where the pair may not be matched.
struct SimilarityMatrix {
    private(set) var rowCount = 0
    private(set) var columnCount = 0
    /// Row after row; 0 stands for nil, since only similarities above 0 are kept.
    private var values: [Float]

    /// Room for `capacity` pairs without allocating.
    init(capacity: Int) {
        values = Array(repeating: 0, count: capacity)
    }

    /// Makes the matrix `rowCount` × `columnCount` with no pair allowed. Allocates only beyond
    /// the capacity.
    mutating func reset(rowCount: Int, columnCount: Int) {
        self.rowCount = rowCount
        self.columnCount = columnCount
        let count = rowCount * columnCount
        if values.count < count {
            values = Array(repeating: 0, count: count)
        }
        for index in 0..<count {
            values[index] = 0
        }
    }

    /// Setting a similarity of 0 or less (or NaN) forbids the pair.
    subscript(row: Int, column: Int) -> Float? {
        get {
            let value = values[row * columnCount + column]
            return value > 0 ? value : nil
        }
        set {
            let value = newValue ?? 0
            values[row * columnCount + column] = value > 0 ? value : 0
        }
    }
}
