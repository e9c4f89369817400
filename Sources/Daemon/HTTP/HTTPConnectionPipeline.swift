import Logging
import NIOCore
import NIOHTTP1

/// Sets up each accepted connection: admitted (perhaps in place of an idle one) and given the
/// HTTP pipeline, or refused with 503.
///
/// The pipeline, socket side first: `HTTPRequestGate` (one head at a time, its size and time),
/// NIO's encoder and decoder, `HTTPServerProtocolErrorHandler` (400 for a malformed request), and
/// `HTTPConnectionHandler` (runs the responder, writes its response).
struct HTTPConnectionPipeline: Sendable {
    let limits: HTTPLimits
    let connections: HTTPConnections
    let responder: HTTPResponder
    let logger: Logger
    /// Admissions at the limit, evicting or refusing, are logged at most this often.
    private let limitLog = LogRateLimiter()

    init(limits: HTTPLimits, connections: HTTPConnections, responder: @escaping HTTPResponder, logger: Logger) {
        self.limits = limits
        self.connections = connections
        self.responder = responder
        self.logger = logger
    }

    /// On the channel's event loop.
    func setUp(_ channel: any Channel) throws {
        let pipeline = channel.pipeline.syncOperations
        let id: HTTPConnections.ID
        switch connections.admit(channel) {
        case .admitted(let admitted):
            id = admitted
        case .admittedByEvicting(let admitted):
            id = admitted
            limitLog.log { note in
                logger.warning("HTTP: \(limits.maxConnections) connections open; closed the one idle longest\(note)")
            }
        case .refused:
            limitLog.log { note in
                logger.warning("HTTP: refused a connection: all \(limits.maxConnections) are busy answering\(note)")
            }
            try pipeline.addHandler(HTTPResponseEncoder())
            try pipeline.addHandler(HTTPRefusalHandler())
            return
        }
        try pipeline.addHandler(HTTPRequestGate(limits: limits, connection: id, of: connections))
        try pipeline.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: true)
        try pipeline.addHandler(HTTPConnectionHandler(responder: responder))
    }
}
