extension String {
    /// The string padded with spaces to `width` characters, for text tables
    /// (`String(format:)` cannot pad `%@` arguments on Linux).
    func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
