import Infer

/// The convolution steps of a profile, per shape: MACs (from the graph),
/// time and MAC rate, against the machine's peak when it is given. A step's
/// time includes what is folded into it (a PAD, the output's activation).
struct ConvolutionProfile {
    struct Row {
        var shape: ConvolutionShape
        var steps: Int
        var multiplyAccumulates: Int
        var milliseconds: Double

        var gmacsPerSecond: Double { ConvolutionProfile.rate(multiplyAccumulates, in: milliseconds) }
    }

    /// Slowest shape first.
    var rows: [Row]

    /// `milliseconds` is the mean time of each step of `engine.schedule`.
    init(engine: Engine, milliseconds: [Double]) {
        var byShape: [ConvolutionShape: Row] = [:]
        for (position, step) in engine.schedule.enumerated() {
            guard let shape = ConvolutionShape(node: step.node, fusedWith: step.fused, in: engine.graph) else {
                continue
            }
            var row = byShape[shape, default: Row(shape: shape, steps: 0, multiplyAccumulates: 0, milliseconds: 0)]
            row.steps += 1
            row.multiplyAccumulates += shape.multiplyAccumulates
            row.milliseconds += milliseconds[position]
            byShape[shape] = row
        }
        rows = byShape.values.sorted { $0.milliseconds > $1.milliseconds }
    }

    var steps: Int { rows.reduce(0) { $0 + $1.steps } }
    var multiplyAccumulates: Int { rows.reduce(0) { $0 + $1.multiplyAccumulates } }
    var milliseconds: Double { rows.reduce(0) { $0 + $1.milliseconds } }
    var gmacsPerSecond: Double { Self.rate(multiplyAccumulates, in: milliseconds) }

    /// GMAC/s: MACs per millisecond / 1e6.
    private static func rate(_ multiplyAccumulates: Int, in milliseconds: Double) -> Double {
        milliseconds > 0 ? Double(multiplyAccumulates) / milliseconds / 1e6 : 0
    }

    /// `peak` in GMAC/s for the threads that ran; nil leaves out the share.
    func text(peak: Double?) -> String {
        guard !rows.isEmpty else { return "" }
        var out = "  convolutions by shape (input, Cin→Cout, kernel/stride; slowest first):\n"
        out += "    " + "shape".padded(to: 24) + " steps     MMAC        ms   GMAC/s" + (peak == nil ? "\n" : "  % peak\n")
        for row in rows {
            out += "    " + row.shape.label.padded(to: 24)
            out += String(printf: " %5ld %8.1f %9.3f %8.1f", row.steps, Double(row.multiplyAccumulates) / 1e6,
                          row.milliseconds, row.gmacsPerSecond)
            out += share(of: row, peak: peak) + "\n"
        }
        out += String(printf: "  convolutions: %ld steps, %.3f GMAC in %.3f ms, %.1f GMAC/s", steps,
                      Double(multiplyAccumulates) / 1e9, milliseconds, gmacsPerSecond)
        if let peak { out += String(printf: ", %.1f %% of the peak %.1f GMAC/s", 100 * gmacsPerSecond / peak, peak) }
        return out + "\n"
    }

    private func share(of row: Row, peak: Double?) -> String {
        guard let peak else { return "" }
        return String(printf: " %6.1f%%", 100 * row.gmacsPerSecond / peak)
    }
}
