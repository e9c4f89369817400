/// What the HTTP endpoint's clients may take of it, each and together. The endpoint serves a
/// few small documents to a scraper or a person; the defaults leave room for that and bound
/// the rest.
struct HTTPLimits: Sendable, Equatable {
    /// Open connections at most. A connection past it takes the place of the one that has waited
    /// longest for a request (an idle keep-alive connection, a slow or silent client), so that
    /// connections held open cannot lock out new clients; with every connection busy answering
    /// a request, the new one is answered 503 and closed.
    var maxConnections = 64
    /// How long a request head may take to arrive, from the connection's accept or from the
    /// head's first byte: a client that trickles it (slowloris) is answered 408 and closed.
    var requestHeadTimeout: Duration = .seconds(10)
    /// How long a connection may stay silent between requests, and how long a request may take
    /// to be answered and its response to be taken by the client; past it the connection closes.
    var idleTimeout: Duration = .seconds(30)
    /// The largest request head (request line and headers) in bytes, counted as the bytes
    /// arrive, before the HTTP decoder keeps them; a larger head is answered 431 and closed.
    var maxHeaderBytes = 16 * 1024
}
