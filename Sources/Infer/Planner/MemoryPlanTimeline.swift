/// An arena plan drawn as a timeline, in the manner of TFLite Micro's `PrintMemoryPlan`: one
/// row per step, the arena's bytes across in `width` columns, each buffer alive in that step
/// drawn with its letter where it lives, `.` for bytes free; then which buffer each letter is.
///
/// A model has more buffers than letters, so a letter is reused, but never by two buffers
/// whose lifetimes meet: in any row a letter is one buffer, the one in the legend whose steps
/// hold that row.
public enum MemoryPlanTimeline {
    static let symbols = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    /// - Parameter name: what to call each buffer's owner in the legend.
    public static func render(
        _ buffers: [PlannedBuffer], arenaBytes: Int, stepCount: Int, width: Int = 64,
        name: (PlannedBuffer.Owner) -> String
    ) -> String {
        guard arenaBytes > 0, !buffers.isEmpty else { return "arena: empty\n" }
        let buffers = buffers.sorted { ($0.firstStep, $0.offset) < ($1.firstStep, $1.offset) }
        let letters = assignSymbols(buffers)
        let bytesPerColumn = Double(arenaBytes) / Double(width)
        var out = "arena \(arenaBytes) bytes, \(width) columns of \(Int(bytesPerColumn.rounded(.up))) bytes\n"
        for step in 0..<stepCount {
            var row = [Character](repeating: ".", count: width)
            var used = 0
            for (index, buffer) in buffers.enumerated() where buffer.isAlive(at: step) {
                used += buffer.size
                let first = Int(Double(buffer.offset) / bytesPerColumn)
                let last = max(first, Int((Double(buffer.offset + buffer.size) / bytesPerColumn).rounded(.up)) - 1)
                for column in first...min(last, width - 1) { row[column] = letters[index] }
            }
            let percent = Int((Double(used) * 100 / Double(arenaBytes)).rounded())
            out += pad(String(step), to: 4) + " " + String(row) + " " + pad(String(percent), to: 3) + "%\n"
        }
        out += "\n"
        for (index, buffer) in buffers.enumerated() {
            out += "\(letters[index]) \(name(buffer.owner)): \(buffer.size) bytes at \(buffer.offset), "
            out += "steps \(buffer.firstStep)...\(buffer.lastStep)\n"
        }
        return out
    }

    /// Greedy colouring of the lifetimes, in order of first step: each buffer takes the free
    /// letter that has been free longest (so a letter does not seem to carry on as another
    /// buffer in the next row). Past 62 buffers alive at once, `*` stands for the rest.
    private static func assignSymbols(_ buffers: [PlannedBuffer]) -> [Character] {
        var letters: [Character] = []
        // Per letter, the last step of the buffer that last held it.
        var freeAfter = [Int](repeating: -1, count: symbols.count)
        for buffer in buffers {
            let free = freeAfter.indices.filter { freeAfter[$0] < buffer.firstStep }
                .min { freeAfter[$0] < freeAfter[$1] }
            if let free { freeAfter[free] = buffer.lastStep }
            letters.append(free.map { symbols[$0] } ?? "*")
        }
        return letters
    }

    private static func pad(_ text: String, to width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
