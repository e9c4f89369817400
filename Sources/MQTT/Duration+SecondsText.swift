extension Duration {
    /// "30 s", "0.5 s": how log lines give a duration.
    var secondsText: String {
        let milliseconds = components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
        let text = milliseconds % 1000 == 0
            ? "\(milliseconds / 1000)"
            : "\(Double(milliseconds) / 1000)"
        return text + " s"
    }
}
