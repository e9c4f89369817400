import NIOHTTP1

/// A request as the responder sees it. Only GET and HEAD reach the responder, without a body;
/// the endpoint answers everything else itself.
struct HTTPRequest: Sendable, Equatable {
    var method: HTTPMethod
    /// The request target up to its `?`, as sent (not percent-decoded).
    var path: String
    /// What follows the `?`, if there was one.
    var query: String?

    init(method: HTTPMethod, path: String, query: String? = nil) {
        self.method = method
        self.path = path
        self.query = query
    }

    /// Splits a request target at its first `?`.
    init(method: HTTPMethod, target: String) {
        guard let mark = target.firstIndex(of: "?") else {
            self.init(method: method, path: target)
            return
        }
        self.init(method: method, path: String(target[..<mark]), query: String(target[target.index(after: mark)...]))
    }
}

/// Makes the response to a request. It runs as a task, off the event loops; the endpoint leaves
/// the body out for HEAD.
typealias HTTPResponder = @Sendable (HTTPRequest) async -> HTTPResponse
