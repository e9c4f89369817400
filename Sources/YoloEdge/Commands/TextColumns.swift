extension String {
    /// The string padded with spaces to `width` characters, for text tables
    /// (`String(printf:)` formats numbers only: `%s` takes C strings, not Swift ones).
    func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
