/// How the engine prepares a graph.
public struct EngineOptions: Sendable, Equatable {
    /// Run the load-time passes that rewrite the schedule (docs/architecture.md): fold PADs
    /// and int8 elementwise chains (SiLU) into convolutions, write concatenation inputs and
    /// split halves in place, read slices in place, defer copies, and let convolutions write
    /// over their input. Off, every tensor gets a buffer of its own and every node runs as
    /// written: only to compare each intermediate tensor with a reference runtime.
    public var rewritesSchedule: Bool
    /// Threads that share each large kernel (the caller's thread included).
    public var threads: Int

    public init(rewritesSchedule: Bool = true, threads: Int = 1) {
        self.rewritesSchedule = rewritesSchedule
        self.threads = max(1, threads)
    }
}
