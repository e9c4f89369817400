import Infer

/// Where inference time goes: per kernel step, per operator kind, and per
/// convolution shape.
struct Profile {
    var rows: [(step: Int, label: String, milliseconds: Double)]
    var byOperator: [(label: String, milliseconds: Double, steps: Int)]
    var convolutions: ConvolutionProfile
    var total: Double

    /// `fillInput` runs before each run, untimed.
    static func measure(engine: Engine, runs: Int, fillingInputWith fillInput: () -> Void) -> Profile {
        var nanoseconds = [UInt64](repeating: 0, count: engine.stepCount)
        for _ in 0..<runs {
            fillInput()
            engine.run(profilingInto: &nanoseconds)
        }
        let graph = engine.graph
        var rows: [(Int, String, Double)] = []
        var totals: [String: (Double, Int)] = [:]
        for (position, step) in engine.schedule.enumerated() {
            let label = ([step.node] + step.fused).map { graph.nodes[$0].op.name }.joined(separator: "+")
            let milliseconds = Double(nanoseconds[position]) / Double(runs) / 1e6
            rows.append((position, label, milliseconds))
            let sum = totals[label, default: (0, 0)]
            totals[label] = (sum.0 + milliseconds, sum.1 + 1)
        }
        return Profile(
            rows: rows,
            byOperator: totals.map { ($0.key, $0.value.0, $0.value.1) }.sorted { $0.1 > $1.1 },
            convolutions: ConvolutionProfile(engine: engine, milliseconds: rows.map(\.2)),
            total: rows.reduce(0) { $0 + $1.2 })
    }

    /// `peak`: the GMAC/s the convolutions are compared with, if known.
    func text(peak: Double?) -> String {
        var out = "profile (mean per run)\n"
        out += "  by operator:\n"
        for row in byOperator {
            let share = total > 0 ? 100 * row.milliseconds / total : 0
            out += "    " + row.label.padded(to: 28)
            out += String(printf: " %8.3f ms %5.1f%%  (%ld steps)\n", row.milliseconds, share, row.steps)
        }
        out += "  slowest steps:\n"
        for row in rows.sorted(by: { $0.milliseconds > $1.milliseconds }).prefix(15) {
            out += String(printf: "    step %3ld ", row.step) + row.label.padded(to: 24)
            out += String(printf: " %8.3f ms\n", row.milliseconds)
        }
        out += convolutions.text(peak: peak)
        out += String(printf: "  total %.3f ms\n", total)
        return out
    }
}
