import AllocationCounter
import ArgumentParser
import Daemon
import Detect
import FoundationEssentials
import Infer

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure inference (or tracking) latency, memory and allocations per run.",
        discussion: """
            Runs the model --runs times after --warmup runs on one fixed input and prints \
            the median, 90th percentile and minimum latency of the inference alone \
            (no JPEG decoding, no post-processing), the static arena and weight sizes, the \
            peak resident memory of the process, and the heap allocations counted during \
            the timed runs divided by the number of runs (it should be 0).

            With --tracking N there is no model: N synthetic objects cross a 1280x720 frame \
            (passing one another, hidden one frame in 9, scoring low one in 5, coming back \
            as new objects) through the tracker and a zone monitor with 3 zones and 2 lines, \
            one frame per run, as the daemon does after each inference. It prints the \
            median, 90th percentile and minimum time of the two per frame in microseconds, \
            the zone and line events per frame, and the heap allocations per frame (it \
            should be 0).

            --profile adds, per convolution shape (input, channels, kernel, stride), the \
            multiply-accumulates counted from the graph, the time and the GMAC/s; with \
            --peak-gmacs (one core's peak int8 MAC rate, as bench/vnni-peak.sh measures \
            it) also their percentage of that peak, times --threads.

            The machine's other load shows up in the numbers: compare against a peer \
            measured in the same session (bench/compare-litert.sh does that).
            """)

    // ModelOptions' two options, declared here because its --model is required and
    // --tracking needs no model; the same rule checks --threads.
    @Option(
        help: ArgumentHelp(
            "The model: an Ultralytics TFLite full-integer export (.tflite) or a model made by `yolo-edge convert` (.yem). Not with --tracking.",
            valueName: "path"))
    var model: String?

    @Option(help: ArgumentHelp("Worker threads for inference.", valueName: "n"))
    var threads: Int = 1

    @OptionGroup var inputSize: InputSizeOption

    @Option(help: ArgumentHelp("Time tracking and zones instead of a model, with this many moving objects.", valueName: "objects"))
    var tracking: Int?

    @Option(help: ArgumentHelp("Timed runs.", valueName: "n"))
    var runs = 50

    @Option(help: ArgumentHelp("Untimed runs first.", valueName: "n"))
    var warmup = 3

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Flag(help: "Also show where the time goes, per kernel step, per operator and per convolution shape.")
    var profile = false

    @Option(
        help: ArgumentHelp(
            "With --profile: one core's peak int8 MAC rate (bench/vnni-peak.sh), to show each convolution's share of it.",
            valueName: "GMAC/s"))
    var peakGmacs: Double?

    func validate() throws {
        // Each run keeps its latency sample, so the count is bounded.
        guard (1...100_000).contains(runs) else { throw ValidationError("--runs must be between 1 and 100000, got \(runs)") }
        guard (0...10_000).contains(warmup) else { throw ValidationError("--warmup must be between 0 and 10000, got \(warmup)") }
        try check("--threads", DetectorSettingRules.threads(threads))
        if let peakGmacs {
            guard profile else { throw ValidationError("--peak-gmacs needs --profile") }
            guard peakGmacs.isFinite, peakGmacs > 0 else { throw ValidationError("--peak-gmacs must be above 0, got \(peakGmacs)") }
        }
        if let tracking {
            // As many objects as a frame may have detections.
            try check("--tracking", DetectorSettingRules.maxDetections(tracking))
            guard model == nil else { throw ValidationError("--tracking times the tracker alone: leave out --model") }
            guard !profile else { throw ValidationError("--profile is for a model, not --tracking") }
            guard inputSize.text == nil else { throw ValidationError("--size is for a model, not --tracking") }
        } else if model == nil {
            throw ValidationError("Missing expected argument '--model <path>' (or --tracking <objects>)")
        }
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
        if let tracking {
            let report = TrackingBench(objects: tracking).run(frames: runs, warmup: warmup)
            try print(json ? Self.json(report) : report.text)
            return
        }
        guard let model else { preconditionFailure("validate() requires --model without --tracking") }
        // The loaded graph is a temporary: the engine keeps what runs, so the
        // model's constants are freed here, and their pages handed back
        // before the first run touches the arena.
        let graph = try ModelLoader.load(path: model)
        let engine = try Engine(
            graph: inputSize.size == nil ? graph : graph.detectionGraph(at: inputSize.request),
            options: EngineOptions(threads: threads))
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
            allocationsPerRun: Int(allocations) / runs, threads: threads, runs: runs)
        try print(json ? Self.json(report) : report.text)
        if profile {
            let measured = Profile.measure(engine: engine, runs: max(3, runs / 5)) { Self.fillInput(of: engine) }
            // Each thread has a core's peak.
            print(measured.text(peak: peakGmacs.map { $0 * Double(threads) }))
        }
    }

    /// One line of JSON, keys in snake case and sorted.
    private static func json(_ report: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
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
