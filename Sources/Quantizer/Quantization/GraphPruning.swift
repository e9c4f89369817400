import Infer

/// Keeps only what a graph's outputs need: nodes they depend on, and the
/// tensors those nodes touch, renumbered in their original order.
enum GraphPruning {
    /// The pruned graph and, for each old tensor index kept, its new index.
    static func pruned(_ graph: Graph) -> (graph: Graph, tensorMap: [Int: Int]) {
        var needed = Set(graph.outputs)
        var keptNodes: [Node] = []
        for node in graph.nodes.reversed() where node.outputs.contains(where: needed.contains) {
            keptNodes.append(node)
            needed.formUnion(node.inputs.filter { $0 >= 0 })
        }
        keptNodes.reverse()
        needed.formUnion(graph.inputs)
        var tensorMap: [Int: Int] = [:]
        var tensors: [Tensor] = []
        for kept in keptNodes { needed.formUnion(kept.outputs) }
        for index in graph.tensors.indices where needed.contains(index) {
            tensorMap[index] = tensors.count
            tensors.append(graph.tensors[index])
        }
        func renumber(_ index: Int) -> Int { index < 0 ? index : tensorMap[index]! }
        let nodes = keptNodes.map { Node(op: $0.op, inputs: $0.inputs.map(renumber), outputs: $0.outputs.map(renumber)) }
        return (
            Graph(
                tensors: tensors, nodes: nodes, inputs: graph.inputs.map(renumber),
                outputs: graph.outputs.map(renumber), metadata: graph.metadata),
            tensorMap
        )
    }
}
