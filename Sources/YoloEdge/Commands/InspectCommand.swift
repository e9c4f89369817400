import ArgumentParser
import Detect
import Infer

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a model's operators, tensors, quantization and memory plan.",
        discussion: """
            Prints the input and output tensors with their quantization, the operator \
            counts, the kernels that run after fusion (SiLU folded into convolutions), \
            and the static arena plan: arena bytes, the sum of all planned buffers \
            (what a runtime without a planner would allocate), and the liveness lower \
            bound (the most bytes alive at once, which no plan can beat). Each worker \
            thread (--threads) has its own kernel scratch, so the plan depends on it.
            """)

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var inputSize: InputSizeOption

    @Flag(help: "List every tensor with its shape, type and quantization.")
    var tensors = false

    @Flag(help: "List every kernel step in execution order.")
    var steps = false

    @Flag(help: ArgumentHelp(
        "Draw the arena plan as a timeline.",
        discussion: "One row per step, the arena across: each buffer alive in that step is drawn with its letter where it lives, and the percentage of the arena in use ends the row. The legend names each letter's tensor or scratch, its size, offset and steps."))
    var plan = false

    func run() throws {
        let loaded = try ModelLoader.load(path: modelOptions.model)
        let graph = inputSize.size == nil ? loaded : try loaded.detectionGraph(at: inputSize.request)
        let engine = try Engine(graph: graph, options: EngineOptions(threads: modelOptions.threads))
        var out = ""
        out += "model:    \(modelOptions.model)\n"
        if !graph.metadata.description.isEmpty { out += "about:    \(graph.metadata.description)\n" }
        out += "classes:  \(graph.metadata.classNames.count)\n"
        for index in graph.inputs { out += "input:    \(describe(graph.tensors[index], index: index))\n" }
        for index in graph.outputs { out += "output:   \(describe(graph.tensors[index], index: index))\n" }

        var counts: [String: Int] = [:]
        for node in graph.nodes { counts[node.op.name, default: 0] += 1 }
        let opList = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        out += "nodes:    \(graph.nodes.count) (\(opList))\n"
        out += "kernels:  \(engine.stepCount) after fusion\n"

        let memory = engine.memory
        out += "arena:    \(memory.arenaBytes) bytes (sum of buffers \(memory.sumOfBufferBytes), "
        out += "liveness lower bound \(memory.livenessLowerBound))\n"
        let packed = memory.constantBytes - memory.constantPoolBytes
        out += "weights:  \(memory.constantBytes) bytes of constants (\(packed) packed for this CPU's kernels, "
        out += "\(memory.constantPoolBytes) read as they are in the model)\n"
        out += "cpu:      convolutions run the \(Conv2DKernel.Variant.best) kernel\n"

        if tensors {
            out += "\ntensors:\n"
            for (index, tensor) in graph.tensors.enumerated() {
                out += "  \(describe(tensor, index: index))\n"
            }
        }
        if steps {
            out += "\nsteps:\n"
            for (position, step) in engine.schedule.enumerated() {
                let node = graph.nodes[step.node]
                let fused = step.fused.map { graph.nodes[$0].op.name }
                let suffix = fused.isEmpty ? "" : " + " + fused.joined(separator: " + ")
                out += "  \(position): node \(step.node) \(node.op.name)\(suffix)\n"
            }
        }
        if plan {
            out += "\nplan:\n"
            let schedule = engine.schedule
            out += MemoryPlanTimeline.render(
                engine.arenaPlan, arenaBytes: memory.arenaBytes, stepCount: engine.stepCount
            ) { owner in
                switch owner {
                case .tensor(let index): "#\(index) \(graph.tensors[index].name)"
                case .scratch(let step): "scratch of step \(step) (\(graph.nodes[schedule[step].node].op.name))"
                }
            }
        }
        print(out, terminator: "")
    }

    private func describe(_ tensor: Tensor, index: Int) -> String {
        var text = "#\(index) \(tensor.name) \(tensor.type.rawValue) \(tensor.shape)"
        if let quantization = tensor.quantization {
            if quantization.isPerChannel {
                text += " per-channel(\(quantization.scales.count), axis \(quantization.axis))"
            } else {
                text += " scale \(quantization.scale) zero point \(quantization.zeroPoint)"
            }
        }
        if tensor.isConstant { text += " const" }
        return text
    }
}
