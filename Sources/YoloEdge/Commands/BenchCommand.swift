import AllocationCounter
import ArgumentParser
import Daemon
import FoundationEssentials
import Infer

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure inference latency, memory and allocations per run.",
        discussion: """
            Runs the model --runs times after --warmup runs on one fixed input and prints \
            the median, 90th percentile and minimum latency of the inference alone \
            (no JPEG decoding, no post-processing), the static arena and weight sizes, the \
            peak resident memory of the process, and the heap allocations counted during \
            the timed runs divided by the number of runs (it should be 0).

            The machine's other load shows up in the numbers: compare against a peer \
            measured in the same session (bench/compare-litert.sh does that).
            """)

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: ArgumentHelp("Timed runs.", valueName: "n"))
    var runs = 50

    @Option(help: ArgumentHelp("Untimed runs first.", valueName: "n"))
    var warmup = 3

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Flag(help: "Also show where the time goes, per kernel step and per operator.")
    var profile = false

    func validate() throws {
        // Each run keeps its latency sample, so the count is bounded.
        guard (1...100_000).contains(runs) else { throw ValidationError("--runs must be between 1 and 100000, got \(runs)") }
        guard (0...10_000).contains(warmup) else { throw ValidationError("--warmup must be between 0 and 10000, got \(warmup)") }
    }

    /// A fixed pseudo-random input, written before every run (a run may
    /// overwrite it) and outside the timed part; the kernels' cost does not
    /// depend on the values. Captures nothing, so it allocates nothing.
    private static func fillInput(of engine: Engine) {
        engine.withInput { bytes in
            var state: UInt32 = 0x9E37_79B9
            for index in bytes.indices {
                state = state &* 1_664_525 &+ 1_013_904_223
                bytes[index] = UInt8(truncatingIfNeeded: state >> 24)
            }
        }
    }

    func run() throws {
        // The loaded graph is a temporary: the engine keeps what runs, so the
        // model's constants are freed here, and their pages handed back
        // before the first run touches the arena.
        let engine = try Engine(
            graph: ModelLoader.load(path: modelOptions.model), options: EngineOptions(threads: modelOptions.threads))
        ProcessMemory.returnFreedHeapPages()
        for _ in 0..<warmup {
            Self.fillInput(of: engine)
            engine.run()
        }

        let clock = ContinuousClock()
        var samples: [Double] = []
        samples.reserveCapacity(runs)
        allocation_counter_start()
        for _ in 0..<runs {
            Self.fillInput(of: engine)
            let start = clock.now
            engine.run()
            let elapsed = start.duration(to: clock.now)
            samples.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15)
        }
        let allocations = allocation_counter_stop()
        let summary = LatencySummary(milliseconds: samples)
        let report = BenchReport(
            medianMs: summary.median, p90Ms: summary.p90, minMs: summary.min,
            arenaBytes: engine.memory.arenaBytes, weightsBytes: engine.memory.constantBytes,
            peakRssBytes: ProcessMemory.peakResidentBytes() ?? 0,
            allocationsPerRun: Int(allocations) / runs, threads: modelOptions.threads, runs: runs)

        if json {
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.text)
        }
        if profile {
            print(Profile.measure(engine: engine, runs: max(3, runs / 5)) { Self.fillInput(of: engine) }.text)
        }
    }
}

/// What `bench --json` prints.
struct BenchReport: Encodable {
    var medianMs: Double
    var p90Ms: Double
    var minMs: Double
    var arenaBytes: Int
    var weightsBytes: Int
    var peakRssBytes: Int
    var allocationsPerRun: Int
    var threads: Int
    var runs: Int

    var text: String {
        """
        latency   median \(format(medianMs)) ms, p90 \(format(p90Ms)) ms, min \(format(minMs)) ms \
        (\(runs) runs, \(threads) thread\(threads == 1 ? "" : "s"))
        memory    arena \(arenaBytes) B, weights \(weightsBytes) B, peak RSS \(peakRssBytes) B
        allocs    \(allocationsPerRun) per run
        """
    }

    private func format(_ value: Double) -> String { String(printf: "%.2f", value) }
}
