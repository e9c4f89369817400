// Temporary: the kernel and loader API contract, until those branches merge.
public struct KernelIO {
    public var inputs: UnsafeBufferPointer<UnsafeRawPointer?>
    public var outputs: UnsafeBufferPointer<UnsafeMutableRawPointer>
    public var scratch: UnsafeMutableRawPointer?
    public init(inputs: UnsafeBufferPointer<UnsafeRawPointer?>, outputs: UnsafeBufferPointer<UnsafeMutableRawPointer>, scratch: UnsafeMutableRawPointer?) { self.inputs = inputs; self.outputs = outputs; self.scratch = scratch }
}
public protocol Kernel { var scratchByteCount: Int { get }; func run(_ io: KernelIO) }
public struct KernelError: Error, CustomStringConvertible { public var description: String }
public enum KernelFactory { public static func makeKernel(nodeIndex: Int, graph: Graph, epilogue: [Int8]?) throws(KernelError) -> any Kernel { throw KernelError(description: "stub") } }
public enum ElementwiseFusion { public static func lookupTable(chain: [Int], from input: Int, to output: Int, in graph: Graph) throws(KernelError) -> [Int8] { [] } }
public enum ModelLoader { public static func load(path: String) throws -> Graph { fatalError() } }
