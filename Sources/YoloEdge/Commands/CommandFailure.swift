/// A command that ran but could not do its job; printed as `Error: …`
/// without the usage text (the invocation was fine).
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
}
