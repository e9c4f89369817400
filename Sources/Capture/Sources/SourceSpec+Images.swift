extension SourceSpec {
    /// Parses `images:DIR` or a path ending in `.jpg`/`.jpeg` (any case), each
    /// optionally followed by `:loop` or `:once` (the default) and
    /// `:fps=RATE` (default 30); nil if `text` is neither.
    static func parseImages(_ text: String) throws(SourceSpecError) -> ImageFileSource.Configuration? {
        var fields = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var configuration = ImageFileSource.Configuration(.file(""))
        while let last = fields.last, last == "loop" || last == "once" || last.hasPrefix("fps=") {
            fields.removeLast()
            switch last {
            case "loop": configuration.loops = true
            case "once": configuration.loops = false
            default:
                guard let rate = Double(last.dropFirst(4)), rate > 0, rate.isFinite else {
                    throw SourceSpecError(text, "fps= needs a positive number, got \(last)")
                }
                configuration.framesPerSecond = rate
            }
        }
        let path = fields.joined(separator: ":")
        let directoryPrefix = "images:"
        if path.hasPrefix(directoryPrefix) {
            let directory = String(path.dropFirst(directoryPrefix.count))
            guard !directory.isEmpty else { throw SourceSpecError(text, "images: needs a directory") }
            configuration.input = .directory(directory)
        } else if [".jpg", ".jpeg"].contains(where: path.lowercased().hasSuffix) {
            configuration.input = .file(path)
        } else {
            return nil
        }
        return configuration
    }
}
